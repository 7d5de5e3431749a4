/**
 * The Internet Archive: public-domain feature films ({@link dev.reel.app.catalog.archive.ArchiveProvider}) and
 * public-domain or Creative Commons television as series ({@link dev.reel.app.catalog.archive.ArchiveTvProvider}),
 * from live queries of the Advanced Search API ({@code /advancedsearch.php}) and the Metadata Read API
 * ({@code /metadata/{identifier}}), streams from each item's {@code {identifier}_archive.torrent} (BEP 3; padding
 * files, BEP 47) with the item's web seeds (BEP 19), posters from {@code /services/img/{identifier}}.
 */
package dev.reel.app.catalog.archive;
