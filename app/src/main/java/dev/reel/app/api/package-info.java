/**
 * Reel's JSON API (issue 5, item 5; docs/API.md): {@link dev.reel.app.api.ApiHandler} (routes, error JSON),
 * {@link dev.reel.app.api.SecurityFilter} (token, LAN auth, nosniff), {@link dev.reel.app.api.StaticFiles} (the web
 * UI with its CSP), {@link dev.reel.app.api.Catalogs} (the provider registry as a catalog service), and one route
 * class per area.
 */
package dev.reel.app.api;
