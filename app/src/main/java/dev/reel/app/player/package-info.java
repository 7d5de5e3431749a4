/**
 * Opening a stream URL in a desktop player (VLC, mpv) found on PATH, shared by the {@code reel stream} command and
 * the API's {@code POST /api/sessions/{id}/open}: {@link dev.reel.app.player.PlayerLauncher}. Players are started
 * with an argument list, never through a shell.
 */
package dev.reel.app.player;
