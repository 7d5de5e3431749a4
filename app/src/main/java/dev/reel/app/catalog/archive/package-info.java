/**
 * The Internet Archive's public-domain feature films: live queries of the Advanced Search API
 * ({@code /advancedsearch.php}) and the Metadata Read API ({@code /metadata/{identifier}}), streams from each item's
 * {@code {identifier}_archive.torrent} (BEP 3) with the item's web seeds (BEP 19), posters from
 * {@code /services/img/{identifier}}.
 */
package dev.reel.app.catalog.archive;
