import { fold } from './normalize/text.js';

/**
 * Stable field names for labels that mean the same across languages. Only labels whose meaning does not depend on
 * the page go here (a "Direction" on a French opera page is the conductor, so the ambiguous bare word is left out).
 * Everything else becomes the snake_case of the label as written.
 */
export const LABEL_DICTIONARY: Readonly<Record<string, readonly string[]>> = {
  conductor: ['dirigent', 'dirigentin', 'musikalische leitung', 'direttore', "direttore d'orchestra", 'direzione musicale', 'direction musicale', "chef d'orchestre", 'conductor', 'musical director', 'director musical', 'direccion musical', 'kierownictwo muzyczne', 'dyrygent', 'muzikale leiding', 'direcao musical', 'direção musical', 'maestro', 'maestro concertatore', 'maestro concertatore e direttore', 'musikalisk ledning', 'musikalsk ledelse', 'dirigenter', 'dirigat', 'musikalische leitung und dirigat', 'direcção musical', 'direzione d\'orchestra', 'kierownictwo muzyczne i dyrygent', 'hudební nastudování', 'dirigentka', 'karmester', 'zenei vezető', 'kapellimestari', 'musiikin johto'],
  director: ['inszenierung', 'regie', 'regia', 'mise en scene', 'director', 'stage director', 'direccion de escena', 'direccion escenica', 'staging', 'rezyseria', 'reżyseria', 'encenacao', 'encenação', 'direcao cenica', 'direção cênica', 'regisseur', 'regista', 'metteur en scene', 'directed by', 'regi', 'regissör', 'regissør', 'iscensättning', 'iscenesettelse', 'iscenesættelse', 'instruktør', 'szenische leitung', 'encenador', 'encenadora', 'puesta en escena', 'dirección de escena', 'regie und inszenierung', 'messa in scena', 'režie', 'režia', 'réžia', 'rendező', 'rendezés', 'ohjaus', 'ohjaaja'],
  composer: ['komponist', 'musik', 'compositore', 'musica', 'compositeur', 'musique', 'composer', 'compositor', 'music', 'muzyka', 'kompozytor', 'muziek', 'componist', 'musik von', 'music by', 'kompositör', 'tonsättare', 'musikk', 'hudba', 'hudba a libreto', 'zeneszerző', 'zene', 'säveltäjä', 'sävellys', 'musiikki'],
  choreography: ['choreografie', 'choreographie', 'coreografia', 'choregraphie', 'choreography', 'koreografi', 'koreograf', 'koreografia'],
  set_design: ['buhnenbild', 'buehnenbild', 'bühnenbild', 'scenografia', 'scenes', 'decors', 'decor', 'set design', 'sets', 'escenografia', 'cenografia', 'cenarios', 'cenários', 'scenografie', 'decorontwerp', 'scenografi', 'scenograf', 'scenbild', 'lavastus', 'lavastaja'],
  costume_design: ['kostume', 'kostueme', 'kostum', 'costumi', 'costumes', 'costume design', 'vestuario', 'kostiumy', 'kostuums', 'figurinos', 'figurini', 'costumes design', 'kostym', 'kostymer', 'kostymdesign', 'kostyme', 'kostumer', 'kostumedesign', 'puvustus', 'puvut'],
  lighting: ['licht', 'lichtdesign', 'luci', 'lumieres', 'lumiere', 'lighting', 'lighting design', 'iluminacion', 'swiatlo', 'światło', 'lichtontwerp', 'desenho de luz', 'iluminacao', 'iluminação', 'reżyseria świateł', 'disegno luci', 'ljus', 'ljusdesign', 'ljussättning', 'lys', 'lysdesign'],
  dramaturgy: ['dramaturgie', 'drammaturgia', 'dramaturgia', 'dramaturgy', 'dramaturgi', 'dramaturg'],
  chorus: ['chor', 'coro', 'choeur', 'chorus', 'choir', 'kör', 'kor', 'kuoro'],
  orchestra: ['orchester', 'orchestra', 'orchestre', 'orquesta', 'orkester', 'orkestret', 'orkesteri'],
  premiere: ['premiere', 'première', 'prima', 'prima rappresentazione', 'estreno', 'estreia', 'premiera', 'opening night', 'first night', 'premierendatum', 'data della prima', 'date de la premiere', 'premiär', 'premiärdatum', 'urpremiär', 'urpremiere', 'premieredato', 'erstaufführung', 'erstauffuehrung', 'eerste voorstelling', 'premièredatum', 'premieredatum', 'data de estreia', 'fecha de estreno', 'prima assoluta', 'premiera dnia', 'premiéra', 'bemutató', 'ensi-ilta', 'ensiesitys'],
  librettist: ['libretto', 'librettist', 'livret', 'libreto', 'textbuch', 'tekst', 'testo', 'libretto by'],
  cast: ['besetzung', 'cast', 'interpreti', 'distribution', 'reparto', 'obsada', 'elenco', 'bezetting', 'rolverdeling', 'solisten', 'solistes', 'solisti', 'solistas', 'singers', 'performers', 'sängerinnen und sänger', 'die besetzung', 'la distribution', 'gli interpreti', 'rollista', 'rollbesättning', 'medverkande', 'i rollerna', 'solister', 'rolleliste', 'medvirkende', 'besetning', 'rollebesætning', 'i rollene', 'i rollerne', 'obsazení', 'obsadenie', 'szereposztás', 'szereplők', 'roolit', 'roolitus', 'rooleissa', 'esiintyjät', 'solistit'],
  dates: ['termine', 'date', 'dates', 'datum', 'daten', 'spieltermine', 'vorstellungen', 'performances', 'recite', 'representations', 'funciones', 'fechas', 'fecha', 'terminy', 'daty', 'voorstellingen', 'datas', 'recitas', 'récitas', 'espetaculos', 'date e orari', 'upcoming dates', 'schedule', 'spielzeiten', 'föreställningar', 'spelschema', 'speldatum', 'speldagar', 'spelplan', 'datum och tider', 'datoer', 'forestillinger', 'spilledatoer', 'spilleplan', 'spilledage', 'spilledager', 'periode', 'speelperiode', 'speeldata', 'spielzeit', 'temporada', 'calendrier', 'calendario', 'agenda', 'em cena', 'in scena', 'à l\'affiche', 'a l\'affiche', 'terminy spektakli', 'termíny', 'reprízy', 'termíny představení', 'időpontok', 'előadások', 'esitykset', 'esityspäivät', 'näytökset'],
  time: ['uhrzeit', 'beginn', 'ora', 'orario', 'heure', 'time', 'start time', 'hora', 'tid', 'starttid', 'klockslag', 'klokkeslett', 'klokkeslæt', 'tidspunkt'],
  duration: ['dauer', 'spieldauer', 'durata', 'duree', 'duration', 'running time', 'duracion', 'length', 'czas trwania', 'duur', 'duracao', 'duração', 'speelduur', 'durée du spectacle', 'contract duration', 'duration of the contract', 'laufzeit', 'vertragslaufzeit', 'vertragsdauer', 'duree du marche', 'durée du marché', 'durata del contratto', 'duracion del contrato', 'duração do contrato', 'duracao do contrato', 'looptijd', 'looptijd van de opdracht', 'czas trwania umowy', 'okres realizacji', 'speltid', 'längd', 'spilletid', 'varighed', 'varighet', 'avtalsperiod', 'kontraktsperiod', 'avtalstid', 'kontraktsperiode', 'kontraktsperioden', 'tijdsduur', 'duração aproximada', 'duracao aproximada', 'duración aproximada', 'duracion aproximada', 'durée approximative', 'duree approximative', 'durata approssimativa', 'dauer ca.', 'duration of contract', "duree d'execution", "durée d'exécution", 'durée du contrat', 'duree du contrat', 'délka představení', 'délka', 'dĺžka predstavenia', 'dĺžka', 'időtartam', 'játékidő', 'kesto', 'esityksen kesto'],
  venue: ['spielort', 'ort', 'veranstaltungsort', 'luogo', 'sede', 'lieu', 'salle', 'venue', 'location', 'lugar', 'sala', 'miejsce', 'scena', 'locatie', 'zaal', 'plaats', 'local', 'spielstätte', 'spielstaette', 'theater', 'stage', 'lugar de celebracion', 'plats', 'scen', 'salong', 'spelplats', 'lokal', 'spillested', 'sted', 'podium', 'espaço', 'espacio', 'salão', 'salao', 'zaal en locatie', 'místo konání', 'miesto konania', 'sál', 'scéna', 'helyszín', 'színpad', 'näyttämö', 'paikka', 'esityspaikka', 'sali'],
  address: ['adresse', 'anschrift', 'indirizzo', 'address', 'direccion', 'adress', 'besöksadress', 'besoksadresse', 'besøksadresse', 'besøgsadresse', 'osoite', 'käyntiosoite'],
  price: ['preis', 'preise', 'prezzo', 'prezzi', 'prix', 'tarif', 'tarifs', 'price', 'prices', 'precio', 'precios', 'tickets', 'eintritt', 'biglietti', 'billets', 'entradas', 'ceny', 'cena', 'bilety', 'prijs', 'prijzen', 'preco', 'preço', 'precos', 'preços', 'bilhetes', 'ingressos', 'ticket prices', 'kartenpreise', 'tarifa', 'tarifas', 'localidades', 'entrées', 'karten', 'kaarten', 'bilhetes', 'pris', 'priser', 'biljetter', 'biljettpris', 'biljettpriser', 'billetter', 'billettpris', 'billettpriser', 'billetpris', 'billetpriser', 'entré', 'inträde', 'vstupné', 'ceny vstupenek', 'vstupenky', 'jegyár', 'jegyárak', 'belépő', 'liput', 'hinta', 'hinnat', 'lippujen hinnat', 'lippuhinnat'],
  language: ['sprache', 'lingua', 'langue', 'language', 'idioma', 'in language', 'jezyk', 'język', 'taal', 'lingua originale', 'língua', 'sung in', 'gesungen in', 'språk', 'sprog', 'sång på', 'sunget på', 'cantado em', 'cantada em', 'cantado en', 'cantada en', 'in lingua', 'chanté en', 'chante en', 'gezongen in', 'w języku', 'em língua', 'taal van de voorstelling', 'jazyk', 'nyelv', 'kieli', 'esityskieli'],
  surtitles: ['ubertitel', 'uebertitel', 'sopratitoli', 'surtitres', 'surtitles', 'sobretitulos', 'subtitles', 'textning', 'teksting', 'tekstet', 'tekstning', 'overtekster', 'boventiteling', 'boventitels', 'met boventitels', 'met boventitels in', 'legendado em', 'legendas', 'übertitelung', 'uebertitelung', 'mit übertiteln', 'sobretítulos', 'con sopratitoli', 'surtitré en', 'surtitre en', 'napisy', 'z napisami', 'übertitel', 'titulky', 'feliratok', 'tekstitys', 'tekstitykset'],
  phone: ['telefon', 'tel', 'tel.', 'telefono', 'telephone', 'phone', 'phone number', 'fon', 'tél', 'telefonnummer', 'tlf', 'tlf.', 'tfn', 'puhelin', 'puh.', 'puh'],
  fax: ['fax', 'telefax'],
  email: ['e-mail', 'email', 'courriel', 'correo', 'correo electronico', 'posta elettronica', 'e-post', 'epost', 'e-postadress', 'e-mailadresse', 'sähköposti'],
  website: ['website', 'webseite', 'internet', 'sito web', 'site web', 'sitio web', 'homepage', 'webbplats', 'hemsida', 'nettside', 'hjemmeside'],
  opening_hours: ['offnungszeiten', 'oeffnungszeiten', 'orari', "orari d'apertura", "heures d'ouverture", 'horaires', 'opening hours', 'horario', 'horarios', 'öppettider', 'åpningstider', 'åbningstider'],
  deadline: ['frist', 'einsendeschluss', 'angebotsfrist', 'abgabefrist', 'scadenza', 'termine di presentazione', 'date limite', 'date de cloture', 'date limite de remise des offres', 'plazo', 'fecha limite', 'closing date', 'deadline', 'submission deadline', 'bid due date', 'due date for bids', 'response deadline', 'submission date', 'tender closing', 'tender deadline', 'closing date and time', 'termin skladania ofert', 'termin składania ofert', 'uiterste datum', 'prazo', 'prazo de apresentação', 'data limite', 'einreichungsfrist', 'schlusstermin', 'offer deadline', 'deadline for tenders', 'time limit for receipt of tenders', 'scadenza offerte', 'prazo para apresentação', 'prazo para apresentacao', 'prazo de entrega', 'data limite de apresentação', 'termine ultimo', 'termine per la presentazione', 'date limite de remise', 'fecha limite de presentacion', 'uiterste termijn', 'sluitingsdatum', 'inschrijvingstermijn', 'closing time', 'deadline for submission', 'bid deadline', 'bids due', 'offers due', 'deadline for receipt of tenders', 'closing date for tenders', 'ablauf der angebotsfrist', 'frist fur den eingang der angebote', 'angebotsabgabe bis', 'teilnahmefrist', 'date limite de reception des offres', 'date et heure limites', 'cloture', 'remise des offres', 'scadenza presentazione offerte', 'termine per la ricezione delle offerte', 'plazo de presentacion', 'fin de plazo', 'fecha fin de presentacion', 'deadline inschrijving', 'termin otwarcia ofert', 'prazo de apresentacao de propostas', 'data de encerramento', 'tender closing date', 'sista anbudsdag', 'sista anmälningsdag', 'sista dag för anbud', 'sista svarsdag', 'anbudsfrist', 'sista dag att lämna anbud', 'tilbudsfrist', 'frist for innlevering av tilbud', 'frist for modtagelse af tilbud', 'sidste frist'],
  contracting_authority: ['auftraggeber', 'vergabestelle', 'offentlicher auftraggeber', 'stazione appaltante', 'amministrazione aggiudicatrice', 'pouvoir adjudicateur', 'acheteur', 'poder adjudicador', 'organo de contratacion', 'contracting authority', 'buyer', 'issuing agency', 'agency', 'purchaser', 'procuring entity', 'awarding authority', 'zamawiajacy', 'zamawiający', 'aanbestedende dienst', 'entidade adjudicante', 'organismo contratante', 'auftraggeberin', 'ente appaltante', 'acheteur public', 'contracting entity', 'organisation', 'entidade contratante', 'entidade adjudicante', 'órgão contratante', 'orgao contratante', 'aanbestedende organisatie', 'opdrachtgever', 'stazione appaltante', 'amministrazione appaltante', 'upphandlande myndighet', 'upphandlande organisation', 'upphandlande enhet', 'beställare', 'oppdragsgiver', 'ordregiver', 'ordregivende myndighed', 'organisme', 'organisme acheteur'],
  cpv_code: ['cpv', 'cpv code', 'cpv codes', 'main cpv code', 'cpv-code', 'codice cpv', 'code cpv', 'codigo cpv', 'kod cpv', 'cpv main code', 'common procurement vocabulary', 'codigos cpv', 'codici cpv', 'codes cpv', 'cpv-codes', 'kody cpv', 'cpv-nummer', 'cpv-nummern', 'cpv-code(s)', 'cpv code(s)', 'classificazione cpv', 'vocabulario comun de contratos'],
  procedure: ['procedure', 'procedure type', 'type of procedure', 'verfahrensart', 'vergabeverfahren', 'procedura', 'tipo di procedura', 'type de procedure', 'procedimiento', 'tipo de procedimiento', 'tryb', 'tryb udzielenia zamowienia', 'procedimento', 'tipo de procedimento', 'aanbestedingsprocedure', 'procurement method', 'solicitation type', 'upphandlingsförfarande', 'förfarande', 'typ av förfarande', 'prosedyre', 'anskaffelsesprosedyre', 'udbudsform', 'procedurtype'],
  place_of_performance: ['place of performance', 'place of delivery', 'erfullungsort', 'erfüllungsort', 'ausfuhrungsort', 'leistungsort', 'lieu d\'execution', 'lieu d\'exécution', 'lieu de livraison', 'lieu d\'execution des prestations', 'luogo di esecuzione', 'luogo di consegna', 'lugar de ejecucion', 'lugar de entrega', 'local de execucao', 'local de execução', 'local de entrega', 'plaats van uitvoering', 'plaats van levering', 'miejsce realizacji', 'miejsce wykonania', 'place of execution', 'leveransort', 'plats för utförande', 'utførelsessted', 'leveringssted', 'udførelsessted'],
  related: ['related', 'related articles', 'related products', 'related news', 'related events', 'you may also like', 'you might also like', 'see also', 'more', 'more news', 'more stories', 'also on', 'also playing', 'also on stage', 'ook te zien', 'meer nieuws', 'lees ook', 'ook interessant', 'weitere', 'weitere artikel', 'weitere produktionen', 'das konnte sie auch interessieren', 'auch interessant', 'mehr', 'mehr zum thema', 'altri', 'altri spettacoli', 'potrebbe interessarti', 'leggi anche', 'ti potrebbe interessare', 'a lire aussi', 'voir aussi', 'vous aimerez aussi', 'a voir aussi', 'autres', 'autres spectacles', 'mas', 'mas noticias', 'te puede interesar', 'tambien te puede interesar', 'relacionados', 'veja tambem', 'leia tambem', 'mais', 'mais noticias', 'zobacz tez', 'czytaj takze', 'podobne', 'popular', 'most read', 'trending', 'recommended', 'customers also bought', 'similar products', 'ahnliche produkte', 'prodotti simili', 'produits similaires', 'productos similares', 'produtos semelhantes', 'vergelijkbare producten', 'other productions', 'other notices'],
  lots: ['lots', 'division en lots', 'divisione in lotti', 'division en lotes', 'divisao em lotes', 'divisão em lotes', 'podzial na czesci', 'verdeling in percelen', 'percelen en waarden', 'lotes del contrato', 'lose', 'lotti', 'lotes', 'percelen', 'czesci', 'części', 'aufteilung in lose', 'division into lots', 'lots of this tender'],
  line_items: ['line items', 'items', 'positionen', 'posizioni', 'order items', 'leistungen', 'invoice lines', 'posiciones'],
  reference: ['referenz', 'aktenzeichen', 'vergabenummer', 'riferimento', 'cig', 'reference', 'reference number', 'ref', 'referencia', 'numero de expediente', 'expediente', 'notice number', 'bid number', 'solicitation number', 'tender id', 'tender reference', 'tender number', 'numer ogloszenia', 'numer ogłoszenia', 'kenmerk', 'referentie', 'numero de referencia', 'número de referência', 'numéro de référence', 'aktenzeichen der vergabestelle', 'notice id', 'id', 'numero do procedimento', 'número do procedimento', 'numero do processo', 'número do processo', 'numero de expediente', 'numero procedura', 'numéro de la procédure', 'numero di gara', 'referentienummer', 'dossiernummer', 'kenmerk aanbesteding', 'diarienummer', 'referensnummer', 'upphandlingsnummer', 'dnr', 'saksnummer', 'referansenummer', 'referencenummer', 'sagsnummer', 'numero gara', 'codice gara', 'id gara', 'numer postepowania', 'numer postępowania', 'numero de processo', 'número de processo', 'numero du marche', 'numéro du marché', 'n de consultation', 'n° de consultation', 'numero de consultation', 'numéro de consultation', 'reference de la consultation'],
  estimated_value: ['auftragswert', 'geschatzter wert', 'valore stimato', 'importo', 'valeur estimee', 'valor estimado', 'estimated value', 'contract value', 'estimated contract value', 'wartosc szacunkowa', 'wartość szacunkowa', 'geraamde waarde', 'geschatte waarde', 'budget', 'valor estimado do contrato', 'importo a base di gara', 'estimated total value', 'value', 'geschatzter gesamtwert', 'montant estime', 'montant', 'importe', 'presupuesto base de licitacion', 'presupuesto', 'preco base', 'preço base', 'valor', 'raming', 'wartosc zamowienia', 'szacunkowa wartosc', 'total value', 'valeur du marche', 'valore', 'valor do contrato', 'importo a base d\'asta', 'uppskattat värde', 'beräknat värde', 'kontraktsvärde', 'estimert verdi', 'anslått verdi', 'anslået værdi', 'kontraktværdi', 'kontraktsverdi', 'value of contract', 'value of the contract', 'auftragsvolumen'],
  published: ['veroffentlicht', 'veroeffentlicht', 'veroffentlichungsdatum', 'pubblicato', 'data di pubblicazione', 'publie le', 'date de publication', 'publicado', 'fecha de publicacion', 'published', 'publication date', 'date published', 'data publikacji', 'publicacion', 'publicação', 'publicatie', 'publication date of the notice', 'publicatiedatum', 'data de publicacao', 'data de publicação', 'date posted', 'posted', 'issued', 'publication', 'publicerad', 'publicerat', 'publiceringsdatum', 'publisert', 'publiseringsdato', 'publiceret', 'offentliggjord', 'offentliggjort', 'julkaistu', 'julkaisupäivä'],
  category: ['kategorie', 'categoria', 'categorie', 'category', 'rubrik', 'genre', 'genere', 'kategori'],
  author: ['autor', 'autore', 'auteur', 'author', 'författare', 'forfatter', 'skribent', 'kirjoittaja', 'teksti'],
  invoice_number: ['invoice number', 'invoice no', 'invoice no.', 'invoice #', 'rechnungsnummer', 'rechnung nr', 'rechnung nr.', 'numero de facture', 'facture n', 'n de facture', 'numero fattura', 'fattura n', 'factuurnummer', 'numero de factura', 'factura n', 'numero documento', 'fattura numero', 'factuurnr', 'numer faktury', 'nr faktury', 'numero da fatura', 'número da fatura', 'n.º da fatura', 'numero de la factura', 'número de factura'],
  invoice_date: ['invoice date', 'rechnungsdatum', 'date de facture', 'date de facturation', 'data fattura', 'factuurdatum', 'fecha de factura', 'date of issue', 'issue date', 'data documento', 'data emissione', 'data di emissione', 'data da fatura', 'data de emissão', 'data de emissao', 'data wystawienia', 'fecha de emision', 'fecha de emisión', "date d'emission", "date d'émission", 'belegdatum'],
  due_date: ['due date', 'payment due', 'fallig', 'falligkeitsdatum', 'zahlbar bis', "date d'echeance", 'echeance', 'scadenza pagamento', 'vervaldatum', 'fecha de vencimiento', 'data di scadenza', 'data scadenza', 'pagar ate', 'pagar até', 'data de vencimento', 'vencimento', 'termin platnosci', 'termin płatności', 'vencimiento', 'zahlungsziel', 'vervaldag', 'uiterste betaaldatum', 'due by', 'payment due date', 'te betalen voor'],
  order_number: ['order number', 'order no', 'order #', 'bestellnummer', 'numero de commande', 'numero ordine', 'bestelnummer', 'numero de pedido'],
  total: ['total', 'total amount', 'grand total', 'amount due', 'total due', 'gesamt', 'gesamtbetrag', 'summe', 'endbetrag', 'totale', 'importo totale', 'montant total', 'total ttc', 'totaal', 'te betalen', 'importe total', 'totalt', 'summa', 'att betala', 'å betale', 'i alt', 'totalbelopp', 'totale documento', 'totale fattura', 'totale da pagare', 'total a pagar', 'montant ttc', 'rechnungsbetrag', 'do zaplaty', 'do zapłaty', 'razem do zaplaty', 'razem do zapłaty', 'totaal incl. btw', 'totaal incl btw', 'total factura', 'total da fatura', 'invoice total', 'balance due'],
  subtotal: ['subtotal', 'sub total', 'zwischensumme', 'nettobetrag', 'subtotale', 'sous-total', 'total ht', 'subtotaal', 'total untaxed', 'untaxed amount', 'net amount', 'imponibile', 'totale imponibile', 'base tributavel', 'base tributável', 'base imponible', 'montant ht', 'nettosumme', 'summe netto', 'wartosc netto', 'wartość netto', 'razem netto', 'totaal excl. btw', 'totaal excl btw', 'net total', 'total net'],
  vat: ['vat', 'tax', 'mwst', 'mwst.', 'ust', 'ust.', 'tva', 'iva', 'btw', 'sales tax', 'moms', 'mva', 'montant tva', 'importo iva', 'umsatzsteuer', 'mehrwertsteuer', 'vat amount', 'tax amount', 'btw-bedrag', 'cuota iva', 'valor do iva', 'podatek vat', 'kwota vat'],
  vat_number: ['vat number', 'vat no', 'vat id', 'ust-idnr', 'ust-id', 'numero de tva', 'partita iva', 'btw-nummer', 'nif', 'cif', 'gstin', 'p.iva', 'p. iva', 'tva intracom', 'tva intracom.', 'tva intracommunautaire', 'numero tva intracommunautaire', 'nif/nipc', 'nipc', 'cif/nif', 'nip', 'btw-nr', 'btw nummer', 'ust-idnr.', 'ust.-idnr.', 'ust-id-nr'],
  iban: ['iban'],
  bic: ['bic', 'swift', 'bic/swift', 'swift/bic'],
  quantity: ['quantity', 'qty', 'menge', 'anzahl', 'quantita', 'quantite', 'qte', 'aantal', 'cantidad', 'qtd', 'qtd.', 'quantidade', 'ilosc', 'ilość'],
  description: ['description', 'beschreibung', 'descrizione', 'descripcion', 'omschrijving', 'bezeichnung', 'designation', 'beskrivning', 'beskrivelse', 'descrição', 'descricao', 'opis', 'descripción'],
  unit_price: ['unit price', 'price per unit', 'einzelpreis', 'prezzo unitario', 'prix unitaire', 'prijs per stuk', 'precio unitario', 'p.u.', 'p.u. ht', 'prix unitaire ht', 'preço unitário', 'preco unitario', 'cena jednostkowa', 'cena jedn.', 'stuksprijs', 'eenheidsprijs', 'precio unidad'],
  customer: ['cliente', 'kunde', 'rechnungsempfanger', 'rechnungsempfänger', 'rechnungsadresse', 'bill to', 'billed to', 'invoice to', 'customer', 'client', 'facture a', 'facturé à', 'factuur aan', 'gefactureerd aan', 'klant', 'facturar a', 'facturado a', 'faturar a', 'faturado a', 'nabywca', 'odbiorca', 'destinatario', 'intestatario'],
  customer_number: ['codice cliente', 'customer number', 'customer no', 'customer no.', 'customer id', 'kundennummer', 'kunden-nr', 'kunden-nr.', 'kundennr', 'kundennr.', 'numero client', 'numéro client', 'code client', 'n de client', 'n° client', 'klantnummer', 'klantnr', 'numero de cliente', 'número de cliente', 'n.º de cliente', 'nº de cliente', 'numer klienta', 'nr klienta'],
  award_criteria: ['award criteria', 'zuschlagskriterien', 'wertungskriterien', 'criteres d\'attribution', 'critères d\'attribution', 'criteres de jugement des offres', 'critères de jugement des offres', 'criteri di aggiudicazione', 'criteri di valutazione', 'criterios de adjudicacion', 'criterios de adjudicación', 'criterios de valoracion', 'gunningscriteria', 'kryteria oceny ofert', 'criterios de adjudicação', 'critérios de adjudicação', 'criterios de adjudicacao', 'evaluation criteria'],
  mpn: ['mpn', 'manufacturer part number', 'part number', 'part no', 'part no.', 'herstellernummer', 'hersteller-artikelnummer', 'mfr part', 'mfr. part #', 'model', 'modell', 'modello', 'modele'],
  gtin: ['gtin', 'ean', 'ean code', 'ean-code', 'upc', 'barcode', 'isbn', 'ean-13', 'gtin-13', 'ean13', 'code ean', 'codice ean'],
  old_price: ['was', 'previously', 'list price', 'rrp', 'uvp', 'statt', 'regular price', 'original price', 'prezzo di listino', 'prix barre', 'prix conseille', 'adviesprijs', 'precio anterior', 'cena regularna'],
  sku: ['sku', 'artikelnummer', 'art.-nr.', 'art.nr.', 'item number', 'item no', 'codice articolo', 'reference produit', 'model number', 'article number', 'product code', 'item code', 'artikelnr', 'artikelnr.', 'codice prodotto', 'code article', 'referencia del producto', 'kod produktu', 'artikelcode', 'product number'],
  brand: ['brand', 'marke', 'hersteller', 'marca', 'marque', 'manufacturer', 'fabricant', 'produttore', 'merk', 'marka', 'marchio', 'fabrikant', 'märke', 'varumärke', 'merke', 'mærke'],
  availability: ['availability', 'verfugbarkeit', 'lieferbarkeit', 'disponibilita', 'disponibilite', 'disponibilidad', 'stock', 'in stock', 'lagerbestand', 'beschikbaarheid', 'dostepnosc', 'dostępność', 'disponibilidade', 'stock status', 'tillgänglighet', 'lagerstatus', 'tilgjengelighet', 'tilgængelighed'],
};

const INDEX = new Map<string, string>(
  Object.entries(LABEL_DICTIONARY).flatMap(([name, labels]) => labels.map((label) => [labelKey(label), name] as const)),
);

/** How a label is looked up: accents folded, case and surrounding punctuation ignored. */
export function labelKey(label: string): string {
  return fold(label)
    .replace(/[\s:：\-–—*]+$/u, '')
    .replace(/^[\s*•·-]+/u, '')
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The stable name for a label from the dictionary, or null when the label is not in it. */
export function dictionaryName(label: string): string | null {
  const key = labelKey(label);
  return INDEX.get(key) ?? longerLabelName(key) ?? alternativesName(key) ?? byWordName(key);
}

/**
 * A label written as alternatives ("Dirigent / muzikale leiding", "Regie & Inszenierung") names what its known parts
 * name, when they all name the same thing.
 */
function alternativesName(key: string): string | null {
  const parts = key.split(/\s*(?:\/|\||&|\+)\s*|\s+(?:und|and|et|e|y|en|i|og|och)\s+/u).filter(Boolean);
  if (parts.length < 2 || key.length > 60) return null;
  const names = new Set(parts.map((p) => INDEX.get(p)).filter((n): n is string => n !== undefined));
  return names.size === 1 ? ([...names][0] as string) : null;
}

/** "Muziek van", "Musique de", "Music by": a dictionary label with the word that says whose it is. */
const BY_WORDS = new Set(['van', 'von', 'by', 'de', 'di', 'da', 'del', 'du', 'des', 'door', 'par', 'por', 'av', 'af', 'of']);
function byWordName(key: string): string | null {
  const words = key.split(' ');
  if (words.length < 2 || words.length > 4 || !BY_WORDS.has(words.at(-1) ?? '')) return null;
  return INDEX.get(words.slice(0, -1).join(' ')) ?? null;
}

/** Dictionary labels of two or more words by their first word, longest first. */
const MULTIWORD = new Map<string, string[]>();
for (const key of [...INDEX.keys()].filter((k) => k.includes(' ')).sort((a, b) => b.length - a.length)) {
  const first = key.slice(0, key.indexOf(' '));
  MULTIWORD.set(first, [...(MULTIWORD.get(first) ?? []), key]);
}

/**
 * A longer label that opens with a dictionary label of two or more words names the same thing: "Fecha límite de
 * presentación de ofertas" is a `deadline` ("fecha limite"), "Date limite de réception des offres" too. One-word
 * labels are too ambiguous to extend ("Date de publication" is not the performance dates).
 */
function longerLabelName(key: string): string | null {
  const space = key.indexOf(' ');
  if (key.length > 60 || space < 0) return null;
  for (const label of MULTIWORD.get(key.slice(0, space)) ?? []) {
    if (!key.startsWith(`${label} `)) continue;
    // What follows must be more of the label ("de presentación de ofertas"), not a value ("14/03/2027").
    const rest = key.slice(label.length + 1);
    return /\d/.test(rest) || rest.split(' ').length > 6 ? null : (INDEX.get(label) ?? null);
  }
  return null;
}

/** Normalized field name: the dictionary's stable name, else snake_case of the label with umlauts and accents transliterated. */
export function normalizeLabel(label: string): string {
  return dictionaryName(label) ?? snakeCase(label);
}

const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue', æ: 'ae', œ: 'oe', ø: 'o', å: 'a', ł: 'l', đ: 'd', þ: 'th' };

/** `Date de clôture` → `date_de_cloture`, `startDate` → `start_date`, `Größe` → `groesse`. */
export function snakeCase(label: string): string {
  const name = label
    .replace(/[äöüßÄÖÜæœøåłđþ]/g, (ch) => TRANSLITERATION[ch] ?? ch)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64)
    .replace(/_+$/, '');
  if (name === '') return 'field';
  return /^\d/.test(name) ? `f_${name}` : name;
}
