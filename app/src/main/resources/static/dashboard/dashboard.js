'use strict';
// The dashboard reads only the registry's public API (the same answers as curl gets), with the browser session.
(function () {
  const TEXT = {
    de: {
      skip: 'Zum Inhalt springen', views: 'Ansichten', evaluation: 'Evaluation', audit: 'Prüfung',
      deliveries: 'Lieferungen', signedInAs: 'Angemeldet als', signOut: 'Abmelden', other: 'English',
      evaluationTitle: 'Evaluation: Wirkung der Pilotprojekte', pilot: 'Pilotprojekt',
      validAt: 'Stand der Tatsachen am (validAt)', months: 'Monate ab Start jedes Projekts',
      knownAt: 'Wissensstand der Registry (knownAt)', answeredKnownAt: 'Antwort gilt für Wissensstand',
      validRange: 'Zeitraum', provisional: 'vorläufig', flowTitle: 'Teilnehmerfluss (CONSORT)',
      outcomesTitle: 'Ergebnisse',
      outcomesCaption: 'Anteil der Personen je Gruppe; Differenz in Prozentpunkten mit 95-%-Konfidenzintervall '
        + '(Newcombe), Verhältnis (95-%-KI), exakter Test nach Fisher',
      outcome: 'Ergebnis', participants: 'Teilnehmende', comparison: 'Vergleichsgruppe',
      difference: 'Differenz (95-%-KI)', ratio: 'Verhältnis (95-%-KI)', pValue: 'p-Wert',
      outcomeChart: 'Balkendiagramm: Anteil je Ergebnis, Teilnehmende und Vergleichsgruppe',
      seriesTitle: 'Monatlicher Verlauf', seriesChart: 'Liniendiagramm: monatlicher Anteil im Bezug, abgegangen '
        + 'und beschäftigt, Teilnehmende und Vergleichsgruppe', seriesTable: 'Verlauf als Tabelle',
      balanceTitle: 'Ausgewogenheit der Gruppen bei der Ziehung', variable: 'Merkmal', category: 'Ausprägung',
      standardizedDifference: 'Standardisierte Differenz',
      suppressedNote: '– in einer Zelle: unterdrückt, weil sie 1 oder 2 Personen zählt oder eine solche Zahl aus ihr '
        + 'zurückgerechnet werden könnte (ebenso Anteile und Effekte daraus).',
      suppressedCell: 'Unterdrückt: kleine Fallzahl (1 oder 2) oder daraus rückrechenbar',
      pooledNote: 'Gepoolt: jedes Projekt zählt über seine eigenen ersten Monate; Verlauf und Balance zeigt die '
        + 'Ansicht eines einzelnen Projekts.',
      auditTitle: 'Prüfung: Unveränderlichkeit und Ziehung', verifyTitle: 'Prüfung des Ereignisprotokolls',
      checkpointTitle: 'Letzter signierter Prüfpunkt', drawTitle: 'Prüfung der Zufallsziehung',
      commitment: 'Seed-Verpflichtung stimmt', groupsMatch: 'Gruppen nachgerechnet', firstDifference: 'Erste Abweichung',
      timelineTitle: 'Verlauf einer Person', person: 'Pseudonym', search: 'Suchen', position: 'Position',
      type: 'Ereignis', effectiveDate: 'Gültig ab', recordedAt: 'Erfasst am', recordedBy: 'Erfasst von',
      replaces: 'Ersetzt', deliveriesTitle: 'Lieferungen', source: 'Quelle', kind: 'Art', rows: 'Zeilen',
      accepted: 'neu', unchanged: 'unverändert', corrected: 'korrigiert', positions: 'Positionen',
      noViewTitle: 'Keine Ansicht für Ihre Rolle',
      noView: 'Das Dashboard zeigt Evaluation und Prüfung. Ihre Rolle arbeitet über die API; die Beschreibung steht unter',
      now: 'aktuell (alles bisher Erfasste)', after: 'nach', allPilots: 'Alle Projekte (gepoolt)', yes: 'ja', no: 'NEIN',
      eventsChecked: 'geprüfte Ereignisse', checkpointsChecked: 'geprüfte Prüfpunkte', firstMismatch: 'erste Abweichung',
      none: 'keine', treeSize: 'Ereignisse im Baum', rootHash: 'Wurzel-Hash', signedAt: 'signiert am',
      timestamp: 'RFC-3161-Zeitstempel', loading: 'Lädt …', ready: 'Aktuell.', noEvents: 'Keine Ereignisse.',
      population: 'Bestand', notEligible: 'nicht förderfähig', eligible: 'förderfähig',
      inOverlappingPilotGroup: 'in Gruppe eines überlappenden Projekts', notDrawn: 'nicht gezogen',
      randomized: 'zufällig zugeteilt', analysedParticipants: 'ausgewertet (Teilnehmende)',
      analysedComparison: 'ausgewertet (Vergleichsgruppe)', receiving: 'im Bezug', exited: 'abgegangen',
      employed: 'beschäftigt', date: 'Datum', notDrawnYet: 'Noch keine Gruppen gezogen.', to: 'bis',
      EXIT: 'Abgang aus dem Leistungsbezug', REDUCTION: 'Minderung des Anspruchs',
      INTEGRATION_FIRST_LABOUR_MARKET: 'Integration 1. Arbeitsmarkt', INTEGRATION_FULL_TIME: 'Integration Vollzeit',
      INTEGRATION_PART_TIME: 'Integration Teilzeit', INTEGRATION_MARGINAL: 'Integration Minijob',
      INTEGRATION_SELF_EMPLOYED: 'Integration Selbstständigkeit', INTEGRATION_APPRENTICESHIP: 'Integration Ausbildung',
      INTEGRATION_SUBSIDISED: 'Integration gefördert', POPULATION: 'Bestand', FACTS: 'Fakten',
      SEX: 'Geschlecht', FEMALE: 'weiblich', MALE: 'männlich', AGE_CLASS: 'Altersklasse', UNDER_25: 'unter 25',
      FROM_25_TO_49: '25 bis 49', FROM_50: '50 und älter', APPLICANT_TYPE: 'Profillage', MARKET: 'Marktprofil',
      ACTIVATION: 'Aktivierungsprofil', SUPPORT: 'Förderprofil', DEVELOPMENT: 'Entwicklungsprofil',
      STABILISATION: 'Stabilisierungsprofil', ASSISTANCE: 'Unterstützungsprofil', MARGINAL_EMPLOYMENT: 'Minijob',
      YES: 'ja', NO: 'nein'
    },
    en: {
      skip: 'Skip to content', views: 'Views', evaluation: 'Evaluation', audit: 'Audit', deliveries: 'Deliveries',
      signedInAs: 'Signed in as', signOut: 'Sign out', other: 'Deutsch',
      evaluationTitle: 'Evaluation: what the pilots did', pilot: 'Pilot', validAt: 'Facts as true on (validAt)',
      months: 'Months from each pilot\'s start', knownAt: 'As the registry knew it (knownAt)',
      answeredKnownAt: 'Answer as known at', validRange: 'period', provisional: 'provisional',
      flowTitle: 'Flow of persons (CONSORT)', outcomesTitle: 'Outcomes',
      outcomesCaption: 'Share of persons per group; difference in percentage points with 95% confidence interval '
        + '(Newcombe), ratio (95% CI), Fisher\'s exact test',
      outcome: 'Outcome', participants: 'Participants', comparison: 'Comparison group',
      difference: 'Difference (95% CI)', ratio: 'Ratio (95% CI)', pValue: 'p value',
      outcomeChart: 'Bar chart: share per outcome, participants and comparison group',
      seriesTitle: 'Month by month', seriesChart: 'Line chart: monthly share still receiving, exited and employed, '
        + 'participants and comparison group', seriesTable: 'Series as a table',
      balanceTitle: 'Balance of the groups at the draw', variable: 'Variable', category: 'Category',
      standardizedDifference: 'Standardized difference',
      suppressedNote: '– in a cell: suppressed, because it counts 1 or 2 persons or such a count could be recovered '
        + 'from it (and so are shares and effects computed from it).',
      suppressedCell: 'Suppressed: small count (1 or 2) or one it could be recovered from',
      pooledNote: 'Pooled: each pilot counts over its own first months; series and balance are shown per pilot.',
      auditTitle: 'Audit: unaltered history and the draw', verifyTitle: 'Verification of the event log',
      checkpointTitle: 'Latest signed checkpoint', drawTitle: 'Verification of the random draw',
      commitment: 'Seed commitment matches', groupsMatch: 'Groups recomputed', firstDifference: 'First difference',
      timelineTitle: 'Timeline of a person', person: 'Pseudonym', search: 'Search', position: 'Position',
      type: 'Event', effectiveDate: 'Effective', recordedAt: 'Recorded at', recordedBy: 'Recorded by',
      replaces: 'Replaces', deliveriesTitle: 'Deliveries', source: 'Source', kind: 'Kind', rows: 'Rows',
      accepted: 'new', unchanged: 'unchanged', corrected: 'corrected', positions: 'Positions',
      noViewTitle: 'No view for your role',
      noView: 'The dashboard shows evaluation and audit. Your role works through the API, described at',
      now: 'now (everything recorded so far)', after: 'after', allPilots: 'All pilots (pooled)', yes: 'yes', no: 'NO',
      eventsChecked: 'events checked', checkpointsChecked: 'checkpoints checked', firstMismatch: 'first mismatch',
      none: 'none', treeSize: 'events in the tree', rootHash: 'root hash', signedAt: 'signed at',
      timestamp: 'RFC 3161 time stamp', loading: 'Loading …', ready: 'Up to date.', noEvents: 'No events.',
      population: 'Population', notEligible: 'not eligible', eligible: 'eligible',
      inOverlappingPilotGroup: 'in a group of an overlapping pilot', notDrawn: 'not drawn', randomized: 'randomized',
      analysedParticipants: 'analysed (participants)', analysedComparison: 'analysed (comparison)',
      receiving: 'receiving', exited: 'exited', employed: 'employed', date: 'Date',
      notDrawnYet: 'No groups drawn yet.', to: 'to',
      EXIT: 'Exit from benefit receipt', REDUCTION: 'Claim reduced', INTEGRATION_FIRST_LABOUR_MARKET:
        'Job start, first labour market', INTEGRATION_FULL_TIME: 'Job start, full time',
      INTEGRATION_PART_TIME: 'Job start, part time', INTEGRATION_MARGINAL: 'Job start, mini-job',
      INTEGRATION_SELF_EMPLOYED: 'Self-employment', INTEGRATION_APPRENTICESHIP: 'Apprenticeship',
      INTEGRATION_SUBSIDISED: 'Subsidised job', POPULATION: 'Population', FACTS: 'Facts',
      SEX: 'Sex', FEMALE: 'female', MALE: 'male', AGE_CLASS: 'Age class', UNDER_25: 'under 25',
      FROM_25_TO_49: '25 to 49', FROM_50: '50 and over', APPLICANT_TYPE: 'Applicant type', MARKET: 'market profile',
      ACTIVATION: 'activation profile', SUPPORT: 'support profile', DEVELOPMENT: 'development profile',
      STABILISATION: 'stabilisation profile', ASSISTANCE: 'assistance profile', MARGINAL_EMPLOYMENT: 'Mini-job',
      YES: 'yes', NO: 'no'
    }
  };
  const ALL = '*';
  let lang = new URLSearchParams(location.search).get('lang') || localStorage.getItem('registry.lang')
    || ((navigator.language || 'de').toLowerCase().startsWith('de') ? 'de' : 'en');
  let session = null;
  let pilots = [];
  let charts = {};
  let evaluationRequest = 0;
  let lastRender = null;

  const $ = (id) => document.getElementById(id);
  if (!TEXT[lang]) lang = 'de';
  const t = (key) => (TEXT[lang][key] !== undefined ? TEXT[lang][key] : key);
  const locale = () => (lang === 'de' ? 'de-DE' : 'en-GB');
  const number = (value, digits) => value === null || value === undefined ? '–'
    : new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  const percent = (share) => share === null || share === undefined ? '–' : number(share * 100, 1) + ' %';
  const moment = (instant) => instant ? new Date(instant).toLocaleString(locale(), { timeZone: 'UTC' }) + ' UTC' : '–';

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value !== undefined && value !== null) node.setAttribute(name, value);
    });
    children.flat().forEach((child) => node.append(child instanceof Node ? child : String(child ?? '')));
    return node;
  }

  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  async function api(path) {
    const answer = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (answer.status === 401) {
      location.assign('/login');
      throw new Error('signed out');
    }
    const body = await answer.json().catch(() => null);
    if (!answer.ok) {
      const detail = body && (body.detail || body.title) ? (body.detail || body.title) : answer.statusText;
      throw new Error(answer.status + ': ' + detail);
    }
    return body;
  }

  function translate() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
    document.querySelectorAll('[data-i18n-aria]').forEach((node) => {
      node.setAttribute('aria-label', t(node.dataset.i18nAria));
    });
    $('language').textContent = t('other');
    $('language').lang = lang === 'de' ? 'en' : 'de';
  }

  const has = (...roles) => session.roles.some((role) => roles.includes(role));
  const views = () => [
    ['evaluation', has('EVALUATOR', 'ADMIN')],
    ['audit', has('AUDITOR')],
    ['deliveries', has('ADMIN', 'DATA_STEWARD', 'EVALUATOR', 'AUDITOR')]
  ].filter(([, allowed]) => allowed).map(([name]) => name);

  function route() {
    const allowed = views();
    let view = location.hash.replace('#', '');
    if (!allowed.includes(view)) view = allowed[0] || 'none';
    ['evaluation', 'audit', 'deliveries', 'none'].forEach((name) => {
      $('view-' + name).hidden = name !== view;
      const link = $('nav-' + name);
      if (link) {
        link.hidden = !allowed.includes(name);
        if (name === view) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
      }
    });
    return view;
  }

  async function show() {
    const view = route();
    document.body.dataset.view = view;
    try {
      if (view === 'evaluation') await startEvaluation();
      if (view === 'audit') await showAudit();
      if (view === 'deliveries') await showDeliveries();
      if (view === 'none') done();
    } catch (error) {
      status(error.message, true);
      done();
    }
  }

  function done() {
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
    document.body.dataset.state = 'ready';
  }

  // ---- evaluation ------------------------------------------------------------------------------------------------

  let evaluationStarted = false;

  async function startEvaluation() {
    if (!evaluationStarted) {
      evaluationStarted = true;
      const [allPilots, deliveries] = await Promise.all([api('/api/pilots'), api('/api/deliveries')]);
      pilots = allPilots.filter((pilot) => pilot.drawn);
      const select = $('pilot');
      select.replaceChildren(...pilots.map((pilot) => el('option', { value: pilot.pilotId }, pilot.name)));
      if (pilots.length > 1) select.append(el('option', { value: ALL, 'data-i18n': 'allPilots' }, t('allPilots')));
      const known = $('knownAt');
      known.replaceChildren(el('option', { value: '', 'data-i18n': 'now' }, t('now')),
        ...deliveries.slice().sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))
          .map((delivery) => el('option', { value: delivery.recordedAt },
            delivery.source + ' · ' + moment(delivery.recordedAt))));
      select.addEventListener('change', () => { choosePilot(); refreshEvaluation(); });
      ['validAt', 'months', 'knownAt'].forEach((id) => $(id).addEventListener('change', refreshEvaluation));
      choosePilot();
    }
    if (!pilots.length) {
      status(t('notDrawnYet'));
      done();
      return;
    }
    await refreshEvaluation();
  }

  function choosePilot() {
    const pooled = $('pilot').value === ALL;
    $('valid-at-field').hidden = pooled;
    $('months-field').hidden = !pooled;
    $('series-part').hidden = pooled;
    $('balance-part').hidden = pooled;
    $('pooled-note').hidden = !pooled;
    const pilot = pilots.find((p) => p.pilotId === $('pilot').value);
    if (pilot) {
      const today = new Date().toISOString().slice(0, 10);
      const end = pilot.end && pilot.end < today ? pilot.end : today;
      $('validAt').min = pilot.start;
      $('validAt').max = end;
      $('validAt').value = end;
    }
  }

  // The balance at the draw never changes once drawn (the draw is final): asked once per pilot and sign-in, not
  // again for every date chosen. A failed answer is not kept.
  const balances = new Map();
  function balanceOf(pilotId) {
    if (!balances.has(pilotId)) {
      balances.set(pilotId, api('/api/pilots/' + pilotId + '/balance').catch((error) => {
        balances.delete(pilotId);
        throw error;
      }));
    }
    return balances.get(pilotId);
  }

  async function refreshEvaluation() {
    const request = ++evaluationRequest;
    document.body.dataset.state = 'loading';
    status(t('loading'));
    try {
      const pilotId = $('pilot').value;
      const pooled = pilotId === ALL;
      const query = new URLSearchParams();
      if (pooled) {
        pilots.forEach((pilot) => query.append('pilot', pilot.pilotId));
        query.set('months', $('months').value);
      } else {
        query.set('to', $('validAt').value);
      }
      if ($('knownAt').value) query.set('knownAt', $('knownAt').value);
      const outcomes = await api((pooled ? '/api/outcomes?' : '/api/pilots/' + pilotId + '/outcomes?') + query);
      // every other part of the view is asked for the same knownAt, so the page shows one moment
      const same = new URLSearchParams({ knownAt: outcomes.knownAt });
      if (pooled) {
        pilots.forEach((pilot) => same.append('pilot', pilot.pilotId));
        same.set('months', $('months').value);
      }
      const report = await api((pooled ? '/api/report?' : '/api/pilots/' + pilotId + '/report?') + same);
      let series = null;
      let balance = null;
      if (!pooled) {
        [series, balance] = await Promise.all([
          api('/api/pilots/' + pilotId + '/series?to=' + $('validAt').value + '&knownAt=' + encodeURIComponent(outcomes.knownAt)),
          balanceOf(pilotId)]);
      }
      if (request !== evaluationRequest) return; // a later choice is on its way
      lastRender = { outcomes, report, series, balance };
      renderEvaluation();
      status(t('ready'));
    } catch (error) {
      if (request === evaluationRequest) status(error.message, true);
    } finally {
      if (request === evaluationRequest) done();
    }
  }

  // A suppressed figure arrives as null, its name in the object's 'suppressed' list (docs/outcome-definitions.md):
  // shown as '–' with a title, and the footnote says why.
  let suppressedShown = false;
  const hidden = (object, field) => Boolean(object && Array.isArray(object.suppressed)
    && (field === undefined ? object.suppressed.length > 0 : object.suppressed.includes(field)));
  function mark(attributes, suppressed) {
    if (!suppressed) return attributes;
    suppressedShown = true;
    return { ...attributes, 'data-suppressed': 'true', title: t('suppressedCell') };
  }

  function renderEvaluation() {
    if (!lastRender) return;
    const { outcomes, report, series, balance } = lastRender;
    suppressedShown = false;
    $('known-at-used').textContent = moment(outcomes.knownAt);
    $('known-at-used').setAttribute('datetime', outcomes.knownAt);
    $('window').textContent = outcomes.from
      ? outcomes.from + ' ' + t('to') + ' ' + outcomes.to
      : outcomes.windows.map((w) => w.from + ' ' + t('to') + ' ' + w.to).join('; ');
    $('provisional').hidden = !outcomes.provisional;
    renderFlow(report);
    renderOutcomes(outcomes);
    if (series) renderSeries(series);
    if (balance) renderBalance(balance);
    $('suppressed-note').hidden = !suppressedShown;
  }

  function renderFlow(report) {
    const steps = ['population', 'notEligible', 'eligible', 'inOverlappingPilotGroup', 'notDrawn', 'randomized',
      'participants', 'comparison', 'analysedParticipants', 'analysedComparison'];
    $('flow').replaceChildren(...report.parts.map((part) => el('div', { class: 'flow-part', 'data-pilot': part.pilot },
      el('h4', {}, part.name + ' (' + part.site + ')'),
      el('ol', {}, steps.map((step) => el('li', { 'data-field': step, class: step.startsWith('not') || step === 'inOverlappingPilotGroup' ? 'out' : '' },
        el('span', { class: 'label' }, t(step)), ' ',
        el('strong', mark({ 'data-value': part.flow[step] }, hidden(part.flow, step)),
          number(part.flow[step], 0))))))));
  }

  function ci(bounds, scale, digits, unit) {
    if (!bounds) return '';
    return ' (' + number(bounds[0] * scale, digits) + ' ' + t('to') + ' ' + number(bounds[1] * scale, digits) + unit + ')';
  }

  function groupCell(figure) {
    return el('td', mark({ 'data-persons': figure.persons, 'data-n': figure.n, class: 'num group' }, hidden(figure)),
      number(figure.persons, 0) + ' / ' + number(figure.n, 0) + ' (' + percent(figure.share) + ')');
  }

  function renderOutcomes(outcomes) {
    const rows = outcomes.outcomes.map((row) => el('tr', { 'data-outcome': row.outcome },
      el('th', { scope: 'row' }, t(row.outcome)),
      groupCell(row.participant), groupCell(row.comparison),
      el('td', mark({ class: 'num', 'data-difference': row.difference }, hidden(row, 'difference')),
        (row.difference === null ? '–' : (row.difference >= 0 ? '+' : '') + number(row.difference * 100, 1) + ' pp')
        + ci(row.differenceCi95, 100, 1, ' pp')),
      el('td', mark({ class: 'num' }, hidden(row, 'ratio')), number(row.ratio, 2) + ci(row.ratioCi95, 1, 2, '')),
      el('td', mark({ class: 'num' }, hidden(row, 'fisherP')), row.fisherP === null || row.fisherP === undefined ? '–'
        : row.fisherP < 0.001 ? '< ' + number(0.001, 3) : number(row.fisherP, 3))));
    $('outcomes').tBodies[0].replaceChildren(...rows);
    const labels = outcomes.outcomes.map((row) => t(row.outcome));
    chart('outcome-chart', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: t('participants'), data: outcomes.outcomes.map((r) => share(r.participant.share)), backgroundColor: '#0b4f8a' },
          { label: t('comparison'), data: outcomes.outcomes.map((r) => share(r.comparison.share)), backgroundColor: '#9a6a00' }
        ]
      },
      options: percentAxis('y')
    });
  }

  const share = (value) => (value === null || value === undefined ? null : Math.round(value * 1000) / 10);

  function percentAxis(axis) {
    return {
      animation: false, responsive: true, maintainAspectRatio: false, locale: locale(),
      scales: { [axis]: { min: 0, max: 100, title: { display: true, text: '%' } } },
      plugins: { legend: { position: 'bottom' } }
    };
  }

  function renderSeries(series) {
    const labels = series.points.map((p) => p.date);
    const line = (group, measure, color, dashed) => ({
      label: t(group === 'participant' ? 'participants' : 'comparison') + ': ' + t(measure),
      data: series.points.map((p) => share(p[group][measure].share)),
      borderColor: color, backgroundColor: color, borderDash: dashed ? [6, 4] : [], pointRadius: 2, tension: 0
    });
    chart('series-chart', {
      type: 'line',
      data: {
        labels,
        datasets: [
          line('participant', 'receiving', '#0b4f8a', false), line('comparison', 'receiving', '#0b4f8a', true),
          line('participant', 'exited', '#a3161a', false), line('comparison', 'exited', '#a3161a', true),
          line('participant', 'employed', '#1b6e20', false), line('comparison', 'employed', '#1b6e20', true)
        ]
      },
      options: percentAxis('y')
    });
    const measures = ['receiving', 'exited', 'employed'];
    const table = $('series-table');
    table.tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, t('date')),
      ...['participant', 'comparison'].flatMap((group) => measures.map((m) =>
        el('th', { scope: 'col' }, t(group === 'participant' ? 'participants' : 'comparison') + ': ' + t(m))))));
    table.tBodies[0].replaceChildren(...series.points.map((p) => el('tr', { 'data-date': p.date },
      el('th', { scope: 'row' }, p.date),
      ...['participant', 'comparison'].flatMap((group) => measures.map((m) =>
        el('td', mark({ class: 'num', 'data-count': p[group][m].count }, hidden(p[group][m])),
          number(p[group][m].count, 0) + ' (' + percent(p[group][m].share) + ')'))))));
  }

  function renderBalance(balance) {
    $('balance').tBodies[0].replaceChildren(...balance.variables.flatMap((variable) =>
      variable.categories.map((category) => el('tr', { 'data-variable': variable.variable, 'data-category': category.category },
        el('th', { scope: 'row' }, t(variable.variable)), el('td', {}, t(category.category)),
        balanceCell(category.participant), balanceCell(category.comparison),
        el('td', mark({ class: 'num' }, hidden(category, 'standardizedDifference')),
          number(category.standardizedDifference, 3))))));
  }

  function balanceCell(count) {
    return el('td', mark({ class: 'num', 'data-count': count.count }, hidden(count)),
      number(count.count, 0) + ' (' + percent(count.share) + ')');
  }

  function chart(id, config) {
    if (typeof Chart === 'undefined') return; // the table holds the same figures
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), config);
  }

  // ---- audit -----------------------------------------------------------------------------------------------------

  function facts(id, entries) {
    $(id).replaceChildren(...entries.flatMap(([key, value]) =>
      [el('dt', {}, t(key)), el('dd', { 'data-field': key }, value)]));
  }

  async function showAudit() {
    status(t('loading'));
    const [verification, checkpoint, allPilots] = await Promise.all([
      api('/api/audit/verify'), api('/api/audit/checkpoints/latest').catch(() => null), api('/api/pilots')]);
    facts('verification', [
      ['eventsChecked', number(verification.eventsChecked, 0)],
      ['checkpointsChecked', number(verification.checkpointsChecked, 0)],
      ['firstMismatch', verification.firstMismatch ? JSON.stringify(verification.firstMismatch) : t('none')]]);
    $('verification').dataset.ok = String(!verification.firstMismatch);
    facts('checkpoint', checkpoint ? [
      ['treeSize', number(checkpoint.treeSize, 0)], ['rootHash', checkpoint.rootHash],
      ['signedAt', moment(checkpoint.signedAt)], ['timestamp', checkpoint.timestamp ? t('yes') : t('none')]] : []);
    const drawn = allPilots.filter((pilot) => pilot.drawn);
    const checks = await Promise.all(drawn.map((pilot) => api('/api/audit/pilots/' + pilot.pilotId + '/draw/verify')));
    $('draws').tBodies[0].replaceChildren(...drawn.map((pilot, i) => el('tr', { 'data-pilot': pilot.pilotId },
      el('th', { scope: 'row' }, pilot.name),
      el('td', { 'data-ok': checks[i].commitmentMatches }, checks[i].commitmentMatches ? t('yes') : t('no')),
      el('td', { 'data-ok': checks[i].groupsMatch }, checks[i].groupsMatch ? t('yes') : t('no')),
      el('td', {}, checks[i].firstDifference ? JSON.stringify(checks[i].firstDifference) : t('none')))));
    status(t('ready'));
    done();
  }

  async function showTimeline(event) {
    event.preventDefault();
    document.body.dataset.state = 'loading';
    try {
      const timeline = await api('/api/audit/persons/' + encodeURIComponent($('person').value.trim()) + '/timeline');
      const table = $('timeline');
      table.hidden = false;
      table.tBodies[0].replaceChildren(...(timeline.events.length ? timeline.events.map((e) => el('tr', { 'data-position': e.position },
        el('td', { class: 'num' }, e.position), el('td', {}, e.type), el('td', {}, e.effectiveDate || ''),
        el('td', {}, moment(e.recordedAt)), el('td', {}, e.recordedBy ? e.recordedBy.user + ' (' + e.recordedBy.role + ')' : ''),
        el('td', {}, e.replaces || ''))) : [el('tr', {}, el('td', { colspan: 6 }, t('noEvents')))]));
      status(t('ready'));
    } catch (error) {
      status(error.message, true);
    } finally {
      done();
    }
  }

  async function showDeliveries() {
    status(t('loading'));
    const deliveries = await api('/api/deliveries');
    $('deliveries').tBodies[0].replaceChildren(...deliveries.map((d) => el('tr', { 'data-delivery': d.deliveryId },
      el('th', { scope: 'row' }, d.source || '–'), el('td', {}, t(d.kind)), el('td', {}, moment(d.recordedAt)),
      el('td', { class: 'num' }, number(d.rows, 0)), el('td', { class: 'num' }, number(d.accepted, 0)),
      el('td', { class: 'num' }, number(d.unchanged, 0)), el('td', { class: 'num' }, number(d.corrected, 0)),
      el('td', { class: 'num' }, d.firstPosition + '–' + d.lastPosition))));
    status(t('ready'));
    done();
  }

  // ---- start -----------------------------------------------------------------------------------------------------

  async function start() {
    translate();
    try {
      session = await api('/api/session');
    } catch (error) {
      status(error.message, true);
      return;
    }
    $('user').textContent = session.user;
    $('roles').textContent = session.roles.join(', ');
    if (session.csrf) {
      $('logout-csrf').name = session.csrf.parameter;
      $('logout-csrf').value = session.csrf.token;
    }
    $('language').addEventListener('click', () => {
      lang = lang === 'de' ? 'en' : 'de';
      localStorage.setItem('registry.lang', lang);
      translate();
      renderEvaluation();
      show();
    });
    $('timeline-form').addEventListener('submit', showTimeline);
    window.addEventListener('hashchange', show);
    await show();
  }

  start();
})();
