/*
 * gazette search: loads the site's search index (a JSON array of
 * { title, url, date, categories, excerpt }) once and filters it in the
 * browser. Index data is only ever set as text (textContent, text nodes),
 * never parsed as HTML.
 */
(() => {
  'use strict';

  const root = document.querySelector('[data-index-url]');
  if (!root) return;
  const form = root.querySelector('form');
  const input = root.querySelector('input[type="search"]');
  const status = root.querySelector('[data-search-status]');
  const list = root.querySelector('[data-search-results]');
  if (!form || !input || !status || !list) return;

  const labels = root.dataset;
  const lang = document.documentElement.lang || undefined;
  const DEBOUNCE_MS = 200;
  const PAGE_SIZE = 50;

  let loading = null; // Promise of [{ item, haystack }], once requested
  let latestRun = 0;
  let timer = 0;
  let moreButton = null;

  // NFC so that a query typed as composed syllables matches text stored
  // decomposed (and the other way round); lower case for Latin letters.
  const normalize = (value) => String(value ?? '').normalize('NFC').toLowerCase();

  const termsOf = (query) => [...new Set(normalize(query).split(/\s+/u).filter(Boolean))];

  const categoryNames = (categories) =>
    (Array.isArray(categories) ? categories : [])
      .map((c) => (c && typeof c === 'object' ? c.name : c))
      .filter((c) => c != null && c !== '')
      .map(String);

  function prepare(item) {
    const entry = item && typeof item === 'object' ? item : {};
    const haystack = normalize([entry.title, entry.excerpt, ...categoryNames(entry.categories)].join('\n'));
    return { item: entry, haystack };
  }

  function load() {
    if (!loading) {
      loading = fetch(labels.indexUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then((response) => {
          if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
          return response.json();
        })
        .then((data) => (Array.isArray(data) ? data : []).map(prepare));
      // A failed load may be retried by the next search.
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  }

  const numberFormat = safely(() => new Intl.NumberFormat(lang), null);
  // Index dates are written in the site's time zone; format the calendar
  // date they name, not the instant in the reader's zone.
  const dateFormat = safely(
    () => new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
    null,
  );

  function safely(make, fallback) {
    try {
      return make();
    } catch {
      return fallback;
    }
  }

  function formatCount(count) {
    const template = count === 1 ? labels.labelResultsOne : labels.labelResultsOther;
    const number = numberFormat ? numberFormat.format(count) : String(count);
    return String(template || '{count}').replace('{count}', number);
  }

  function displayDate(value) {
    const text = String(value ?? '');
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (!match || !dateFormat) return text;
    return dateFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
  }

  /** Only web and site-relative links; anything else (javascript:, data:) becomes inert. */
  function safeHref(value) {
    const href = String(value ?? '');
    const resolved = safely(() => new URL(href, document.baseURI), null);
    return resolved && (resolved.protocol === 'http:' || resolved.protocol === 'https:') ? href : '#';
  }

  /** Text with every occurrence of a term wrapped in <mark>, built from text nodes. */
  function highlight(value, terms) {
    const source = String(value ?? '').normalize('NFC');
    const lower = source.toLowerCase();
    const fragment = document.createDocumentFragment();
    // Lower-casing a few characters changes the string's length; then the
    // offsets would not line up, so show the text unmarked.
    if (lower.length !== source.length || source === '') {
      fragment.append(source);
      return fragment;
    }
    const marked = new Uint8Array(source.length);
    for (const term of terms) {
      for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + term.length)) {
        marked.fill(1, at, at + term.length);
      }
    }
    let start = 0;
    for (let i = 1; i <= source.length; i += 1) {
      if (i === source.length || marked[i] !== marked[start]) {
        const run = source.slice(start, i);
        if (marked[start]) {
          const mark = document.createElement('mark');
          mark.textContent = run;
          fragment.append(mark);
        } else {
          fragment.append(run);
        }
        start = i;
      }
    }
    return fragment;
  }

  function element(tag, className, child) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (child != null) node.append(child);
    return node;
  }

  function resultItem(item, terms) {
    const li = element('li', 'search-result');
    const link = element('a', null, highlight(item.title, terms));
    link.setAttribute('href', safeHref(item.url));
    li.append(element('h2', 'search-result__title', link));

    const meta = element('p', 'search-result__meta');
    if (item.date) {
      const time = element('time', null, displayDate(item.date));
      time.setAttribute('datetime', String(item.date));
      meta.append(time);
    }
    const categories = categoryNames(item.categories);
    if (categories.length > 0) {
      meta.append(element('span', 'search-result__categories', highlight(categories.join(' · '), terms)));
    }
    if (meta.childNodes.length > 0) li.append(meta);

    if (item.excerpt) li.append(element('p', 'search-result__excerpt', highlight(item.excerpt, terms)));
    return li;
  }

  function setStatus(text) {
    status.textContent = text || '';
  }

  function clearResults() {
    list.replaceChildren();
    if (moreButton) {
      moreButton.remove();
      moreButton = null;
    }
  }

  function render(found, terms) {
    clearResults();
    setStatus(found.length === 0 ? labels.labelNoResults : formatCount(found.length));
    let shown = 0;
    const showMore = () => {
      const fragment = document.createDocumentFragment();
      for (const { item } of found.slice(shown, shown + PAGE_SIZE)) fragment.append(resultItem(item, terms));
      list.append(fragment);
      shown = Math.min(found.length, shown + PAGE_SIZE);
      if (shown >= found.length && moreButton) {
        moreButton.remove();
        moreButton = null;
      }
    };
    showMore();
    if (shown < found.length) {
      moreButton = element('button', 'button search-more', labels.labelMore || '…');
      moreButton.type = 'button';
      moreButton.addEventListener('click', showMore);
      list.after(moreButton);
    }
  }

  function syncUrl(query) {
    const url = new URL(window.location.href);
    const value = query.normalize('NFC').trim();
    if (value) url.searchParams.set('q', value);
    else url.searchParams.delete('q');
    window.history.replaceState(window.history.state, '', url);
  }

  function run(query, { updateUrl = true } = {}) {
    const ticket = ++latestRun;
    const terms = termsOf(query);
    if (updateUrl) syncUrl(query);
    if (terms.length === 0) {
      clearResults();
      setStatus('');
      return;
    }
    setStatus(labels.labelLoading);
    load().then(
      (entries) => {
        if (ticket !== latestRun) return;
        render(
          entries.filter((entry) => terms.every((term) => entry.haystack.includes(term))),
          terms,
        );
      },
      () => {
        if (ticket !== latestRun) return;
        clearResults();
        setStatus(labels.labelError);
      },
    );
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value), DEBOUNCE_MS);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    run(input.value);
    // On a phone, put the keyboard away so the results can be seen.
    if (window.matchMedia('(pointer: coarse)').matches) input.blur();
  });

  // Start loading the index as soon as someone shows interest.
  input.addEventListener('focus', () => load().catch(() => {}), { once: true });

  const initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial, { updateUrl: false });
  }
})();
