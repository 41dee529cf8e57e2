/*
 * gazette search: reads the site's sharded index (src/search/index-files.ts)
 * as the reader types. It fetches the manifest once, then only the shards
 * whose key the query's words start with (each word is matched as a prefix
 * of indexed words, so 비트코인 finds 비트코인을), and the chunks of result
 * cards it shows. Index data is only ever set as text (textContent, text
 * nodes), never parsed as HTML; every request goes to this site (the CSP's
 * connect-src 'self').
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
  const indexUrl = new URL(labels.indexUrl, document.baseURI);
  const DEBOUNCE_MS = 150;
  const PAGE_SIZE = 10;
  /** Characters of body text shown before and after the first match. */
  const SNIPPET_BEFORE = 40;
  const SNIPPET_AFTER = 110;

  let manifest = null; // Promise of { docs, chunk, keys: string[], files: string[], edits }
  const shards = new Map(); // file → Promise of [[term, postings]] sorted by term
  const chunks = new Map(); // number → Promise of [[url, title, dateIso, dateDisplay, categories, text]]
  let latestRun = 0;
  let timer = 0;
  let moreButton = null;

  // As the index does (search/terms.ts): NFC, lower case, split on anything
  // but letters, numbers and marks, words of one character left out.
  const wordsOf = (query) => [
    ...new Set(
      String(query ?? '')
        .normalize('NFC')
        .toLowerCase()
        .split(/[^\p{L}\p{N}\p{M}]+/u)
        .filter((word) => [...word].length >= 2),
    ),
  ];

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then((response) => {
      if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
      return response.json();
    });
  }

  /** A promise kept in `map` until it fails, so a failed load is tried again by the next search. */
  function once(map, key, load) {
    let promise = map.get(key);
    if (!promise) {
      promise = load();
      map.set(key, promise);
      promise.catch(() => map.delete(key));
    }
    return promise;
  }

  function loadManifest() {
    if (!manifest) {
      manifest = Promise.all([getJson(indexUrl), getJson(new URL('edits.json', indexUrl)).catch(() => [])]).then(([data, edits]) => {
        const pairs = Array.isArray(data?.shards) ? data.shards : [];
        return {
          docs: Number(data?.docs) || 0,
          chunk: Number(data?.chunk) || 1,
          keys: pairs.map((pair) => String(pair[0])),
          files: pairs.map((pair) => String(pair[1])),
          edits: readEdits(edits),
        };
      });
      manifest.catch(() => {
        manifest = null;
      });
    }
    return manifest;
  }

  /** Posts whose body changed since the index was built: id → { strong, body, text }; their postings in the shards are stale. */
  function readEdits(data) {
    const edits = new Map();
    for (const edit of Array.isArray(data) ? data : []) {
      if (Array.isArray(edit) && Number.isInteger(edit[0])) {
        edits.set(edit[0], { strong: toStrings(edit[1]), body: toStrings(edit[2]), text: String(edit[3] ?? '') });
      }
    }
    return edits;
  }

  const toStrings = (value) => (Array.isArray(value) ? value.map(String) : []);

  /**
   * The shards a word's matches can be in. Shards hold runs of the sorted
   * terms, and the manifest lists each one's first term: the last shard
   * starting at or before the word, and the ones after it that start with it.
   */
  function shardsFor(word, index) {
    const { keys, files } = index;
    let at = 0;
    while (at + 1 < keys.length && keys[at + 1] <= word) at += 1;
    const found = keys.length > 0 ? [files[at]] : [];
    for (let next = at + 1; next < keys.length && keys[next].startsWith(word); next += 1) found.push(files[next]);
    return found;
  }

  function loadShard(file) {
    return once(shards, file, () => getJson(new URL(`t/${file}.json`, indexUrl)).then((data) => (Array.isArray(data) ? data : [])));
  }

  /** First index in the sorted `entries` whose term is not below `word`. */
  function lowerBound(entries, word) {
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (String(entries[mid][0]) < word) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Post id → 1 when the word is in its title, categories or tags, 0 when only in its body. */
  function matchesOf(word, shardData, edits) {
    const found = new Map();
    for (const entries of shardData) {
      for (let at = lowerBound(entries, word); at < entries.length && String(entries[at][0]).startsWith(word); at += 1) {
        // `gap * 2 + strong`, or `-k`: k more posts in a row, as strong as the one before.
        let id = -1;
        let strong = 0;
        for (const value of Array.isArray(entries[at][1]) ? entries[at][1] : []) {
          for (let k = value < 0 ? -value : 1; k > 0; k -= 1) {
            if (value < 0) id += 1;
            else {
              id += value >> 1;
              strong = value & 1;
            }
            found.set(id, (found.get(id) ?? 0) | strong);
          }
        }
      }
    }
    for (const [id, edit] of edits) {
      found.delete(id);
      if (edit.strong.some((term) => term.startsWith(word))) found.set(id, 1);
      else if (edit.body.some((term) => term.startsWith(word))) found.set(id, 0);
    }
    return found;
  }

  /** Ids matching every word, title and tag matches first, then newest (ids follow the site's order). */
  function search(words, index) {
    return Promise.all(words.map((word) => Promise.all(shardsFor(word, index).map(loadShard)))).then((perWord) => {
      const matches = perWord.map((shardData, i) => matchesOf(words[i], shardData, index.edits)).sort((a, b) => a.size - b.size);
      const [first, ...rest] = matches;
      const ranked = [];
      for (const [id, strong] of first) {
        let score = strong;
        let all = true;
        for (const other of rest) {
          const hit = other.get(id);
          if (hit === undefined) {
            all = false;
            break;
          }
          score += hit;
        }
        if (all && id >= 0 && id < index.docs) ranked.push([score, id]);
      }
      ranked.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      return ranked.map(([, id]) => id);
    });
  }

  function loadCards(ids, index) {
    const numbers = [...new Set(ids.map((id) => Math.floor(id / index.chunk)))];
    return Promise.all(
      numbers.map((n) => once(chunks, n, () => getJson(new URL(`d/${n}.json`, indexUrl)).then((data) => (Array.isArray(data) ? data : [])))),
    ).then((loaded) =>
      ids.map((id) => {
        const card = loaded[numbers.indexOf(Math.floor(id / index.chunk))][id % index.chunk];
        const doc = Array.isArray(card) ? card : [];
        const edit = index.edits.get(id);
        return {
          url: doc[0],
          title: String(doc[1] ?? ''),
          dateIso: String(doc[2] ?? ''),
          date: String(doc[3] ?? ''),
          categories: toStrings(doc[4]),
          text: edit ? edit.text : String(doc[5] ?? ''),
        };
      }),
    );
  }

  function safely(make, fallback) {
    try {
      return make();
    } catch {
      return fallback;
    }
  }

  const numberFormat = safely(() => new Intl.NumberFormat(document.documentElement.lang || undefined), null);

  function formatCount(count) {
    const template = count === 1 ? labels.labelResultsOne : labels.labelResultsOther;
    const number = numberFormat ? numberFormat.format(count) : String(count);
    return String(template || '{count}').replace('{count}', number);
  }

  /** Only web and site-relative links; anything else (javascript:, data:) becomes inert. */
  function safeHref(value) {
    const href = String(value ?? '');
    const resolved = safely(() => new URL(href, document.baseURI), null);
    return resolved && (resolved.protocol === 'http:' || resolved.protocol === 'https:') ? href : '#';
  }

  /** `source` with every occurrence of a word wrapped in <mark>, built from text nodes. */
  function highlight(source, words) {
    const lower = source.toLowerCase();
    const fragment = document.createDocumentFragment();
    // Lower-casing a few characters changes the string's length; then the
    // offsets would not line up, so show the text unmarked.
    if (lower.length !== source.length || source === '') {
      fragment.append(source);
      return fragment;
    }
    const marked = new Uint8Array(source.length);
    for (const word of words) {
      for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + word.length)) marked.fill(1, at, at + word.length);
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

  /** The part of the text around its first match (its opening when the match is in the title or further on). */
  function snippetOf(text, words) {
    const lower = text.toLowerCase();
    const hits = words.map((word) => lower.indexOf(word)).filter((at) => at !== -1);
    const first = hits.length > 0 ? Math.min(...hits) : 0;
    const start = Math.max(0, first - SNIPPET_BEFORE);
    const end = Math.min(text.length, first + SNIPPET_AFTER);
    return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  }

  function element(tag, className, child) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (child != null) node.append(child);
    return node;
  }

  function resultItem(card, words) {
    const li = element('li', 'search-result');
    const link = element('a', null, highlight(card.title, words));
    link.setAttribute('href', safeHref(card.url));
    li.append(element('h2', 'search-result__title', link));
    const meta = element('p', 'search-result__meta');
    if (card.categories.length > 0) meta.append(element('span', 'search-result__categories', card.categories.join(' · ')));
    if (card.dateIso) {
      const time = element('time', null, card.date || card.dateIso.slice(0, 10));
      time.setAttribute('datetime', card.dateIso);
      meta.append(time);
    }
    li.append(meta);
    if (card.text) li.append(element('p', 'search-result__excerpt', highlight(snippetOf(card.text, words), words)));
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

  function render(ids, words, index, ticket) {
    clearResults();
    setStatus(ids.length === 0 ? labels.labelNoResults : formatCount(ids.length));
    let shown = 0;
    const showMore = () => {
      const page = ids.slice(shown, shown + PAGE_SIZE);
      shown += page.length;
      return loadCards(page, index).then((cards) => {
        if (ticket !== latestRun) return;
        const fragment = document.createDocumentFragment();
        for (const card of cards) fragment.append(resultItem(card, words));
        list.append(fragment);
        if (shown >= ids.length && moreButton) {
          moreButton.remove();
          moreButton = null;
        } else if (shown < ids.length && !moreButton) {
          moreButton = element('button', 'button search-more', labels.labelMore || '…');
          moreButton.type = 'button';
          moreButton.addEventListener('click', () => showMore().catch(failed(ticket)));
          list.after(moreButton);
        }
      });
    };
    return ids.length > 0 ? showMore() : Promise.resolve();
  }

  const failed = (ticket) => () => {
    if (ticket !== latestRun) return;
    clearResults();
    setStatus(labels.labelError);
  };

  function syncUrl(query) {
    const url = new URL(window.location.href);
    const value = query.normalize('NFC').trim();
    if (value) url.searchParams.set('q', value);
    else url.searchParams.delete('q');
    window.history.replaceState(window.history.state, '', url);
  }

  function run(query, { updateUrl = true } = {}) {
    const ticket = ++latestRun;
    const words = wordsOf(query);
    if (updateUrl) syncUrl(query);
    if (words.length === 0) {
      clearResults();
      setStatus(query.trim() === '' ? '' : labels.labelShort);
      return;
    }
    setStatus(labels.labelLoading);
    loadManifest()
      .then((index) =>
        search(words, index).then((ids) => {
          if (ticket === latestRun) return render(ids, words, index, ticket);
        }),
      )
      .catch(failed(ticket));
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

  // The manifest is small: fetched as soon as someone shows interest.
  input.addEventListener('focus', () => loadManifest().catch(() => {}), { once: true });

  const initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial, { updateUrl: false });
  }
})();
