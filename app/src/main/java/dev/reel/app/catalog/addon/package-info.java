/**
 * Stremio-protocol addons added by their manifest URL
 * (<a href="https://github.com/Stremio/stremio-addon-sdk/blob/master/docs/protocol.md">protocol</a>): the manifest,
 * then {@code /{resource}/{type}/{id}[/{extra}].json} over http(s) only, TLS verified, bounded and cached.
 */
package dev.reel.app.catalog.addon;
