/** Invented pages for parser tests (and for other stages' tests that need a realistic parsed page). */

export const OPERA_PRODUCTION_PAGE = `<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <title>Der Rosenkavalier – Staatsoper Lindenau</title>
  <meta name="description" content="Komödie für Musik in drei Aufzügen von Richard Strauss">
  <meta property="og:title" content="Der Rosenkavalier">
  <meta property="og:type" content="website">
  <link rel="stylesheet" href="/assets/site.css">
  <style>.hero { color: red }</style>
  <script>window.dataLayer = []; if (a < b && c > d) { document.write("<p>tracking</p>"); }</script>
  <script type="application/ld+json">
  {
    "@context": "https://schema.org",
    "@type": "MusicEvent",
    "name": "Der Rosenkavalier",
    "startDate": "2025-03-14T19:00",
    "location": { "@type": "Place", "name": "Großes Haus" }
  }
  </script>
</head>
<body class="page page-production">
  <a class="skip" href="#content">Zum Inhalt springen</a>
  <header class="site-header">
    <img src="/logo.svg" alt="Staatsoper Lindenau">
    <nav class="main-nav" aria-label="Hauptnavigation">
      <ul>
        <li><a href="/spielplan/">Spielplan</a></li>
        <li><a href="/ensemble/">Ensemble</a></li>
        <li><a href="/karten/">Karten</a></li>
      </ul>
    </nav>
  </header>
  <div id="cookie-consent" class="cookie-banner" role="dialog">
    <p>Wir verwenden Cookies, um unsere Website zu verbessern.</p>
    <button>Alle akzeptieren</button> <a href="/datenschutz/">Datenschutz</a>
  </div>
  <ol class="breadcrumb"><li><a href="/">Start</a></li><li><a href="/spielplan/">Spielplan</a></li></ol>
  <main id="content">
    <article class="production" itemscope itemtype="https://schema.org/MusicEvent">
      <header class="production-header">
        <p class="genre">Oper</p>
        <h1 itemprop="name">Der Rosenkavalier</h1>
        <p class="subtitle">Komödie für Musik in drei Aufzügen von Richard Strauss</p>
      </header>
      <section class="facts">
        <h2>Besetzung &amp; Team</h2>
        <dl class="credits">
          <dt>Musikalische Leitung</dt><dd itemprop="performer" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Johanna Weißkirch</span></dd>
          <dt>Inszenierung</dt><dd>Matteo Calderoni</dd>
          <dt>Bühne</dt><dt>Kostüme</dt><dd>Ines Fågelström</dd>
          <div><dt>Dauer</dt><dd>ca. 4 Stunden 10 Minuten, zwei Pausen</dd></div>
        </dl>
      </section>
      <section class="dates">
        <h2>Termine</h2>
        <table class="performances">
          <caption>Vorstellungen März 2025</caption>
          <thead><tr><th>Datum</th><th>Beginn</th><th colspan="2">Preise</th></tr></thead>
          <tbody>
            <tr><td>Fr 14.03.2025</td><td><time itemprop="startDate" datetime="2025-03-14T19:00">19:00</time></td><td>24 €</td><td>118 €</td></tr>
            <tr><td rowspan="2">So 16.03.2025</td><td>15:00</td><td>22 €</td><td>98 €</td></tr>
            <tr><td>19:30</td><td>24 €</td><td>118 €</td></tr>
          </tbody>
        </table>
      </section>
      <p>Ort: <span itemprop="location" itemscope itemtype="https://schema.org/Place"><span itemprop="name">Großes Haus</span></span></p>
      <p><a href="https://tickets.example.org/rosenkavalier?ref=site#top">Karten kaufen</a></p>
      <aside class="note"><p>Einführung 45 Minuten vor Beginn im Foyer.</p></aside>
    </article>
  </main>
  <aside class="sidebar"><h3>Das könnte Sie auch interessieren</h3><a href="/spielplan/tosca/">Tosca</a></aside>
  <footer class="site-footer">
    <p>© 2025 Staatsoper Lindenau · <a href="/impressum/">Impressum</a> · <a href="mailto:karten@oper.example.de">E-Mail</a></p>
  </footer>
  <noscript><img src="/pixel.gif" alt=""></noscript>
  <script src="/assets/app.js"></script>
</body>
</html>`;

export const ITALIAN_SEASON_PAGE = `<html><head><title>Stagione 2025</title></head><body>
<div class="wrapper"><h1>La stagione lirica</h1>
<p>Il teatro presenta una nuova produzione della Traviata di Giuseppe Verdi, con la regia di Paola Benedetti e la direzione
musicale del maestro Franco Aldini. Le recite sono in programma nel mese di aprile e per la prima volta anche in streaming.</p>
</div></body></html>`;

export const JS_SHELL_PAGE = `<!doctype html><html><head><title>App</title>
<script src="/static/runtime.js"></script><script src="/static/vendor.js"></script><script src="/static/main.js"></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`;
