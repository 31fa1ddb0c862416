// Vamana web page: plain JavaScript, no external resources.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const KEY = 'vamana.apiKey';
  // wanted: the collection asked for (address or menu), kept so a search can run again once a key is given
  // type: the file type the address asks for, until the collections are loaded; fileTypes: the collection's
  const state = { collection: null, wanted: undefined, type: undefined, fileTypes: [], searches: 0 };

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const key = localStorage.getItem(KEY);
    if (key) h['Authorization'] = 'Bearer ' + key;
    return h;
  }

  // The API key box, shown when the server asks for a key or one is stored (so it can be forgotten).
  function showKeyBox(focus) {
    const stored = !!localStorage.getItem(KEY);
    $('keybox').hidden = false;
    $('key-forget').hidden = !stored;
    $('apikey').placeholder = stored ? 'stored in this browser' : '';
    if (focus) $('apikey').focus();
  }

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = headers(opts.headers);
    let res;
    try {
      res = await fetch(path, opts);
    } catch (e) { // the browser says only "Failed to fetch"
      throw new Error('Cannot reach the Vamana server at ' + location.origin + ': is it running?');
    }
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (res.status === 401) {
      showKeyBox(true);
      throw new Error(opts.headers['Authorization']
        ? 'The server refused this API key: enter the right one in the API key box at the top of the page, then press Use key.'
        : 'This server needs an API key: enter it in the API key box at the top of the page, then press Use key.');
    }
    if (!res.ok) throw new Error((body && body.error) || ('HTTP ' + res.status));
    return body;
  }

  function setStatus(el, text, isError) {
    el.textContent = text;
    el.classList.toggle('error', !!isError);
  }

  // "1 chunk", "2 chunks"
  function count(n, noun) {
    return n + ' ' + noun + (n === 1 ? '' : 's');
  }

  function fmtCounts(c) {
    const types = Object.entries(c.fileTypes || {}).map(([t, n]) => n + ' ' + t).join(', ');
    return count(c.documents, 'document') + ', ' + count(c.chunks, 'chunk') + (types ? ' (' + types + ')' : '');
  }

  async function loadCollections(select, type) {
    const data = await api('/collections');
    const sel = $('collection');
    const previous = select || sel.value || (localStorage.getItem('vamana.collection'));
    sel.innerHTML = '';
    for (const c of data.collections) {
      const o = document.createElement('option');
      o.value = c.name;
      o.textContent = c.name;
      sel.appendChild(o);
    }
    if (data.collections.length === 0) {
      const o = document.createElement('option');
      o.value = 'default';
      o.textContent = 'default (empty)';
      sel.appendChild(o);
    }
    if (previous && [...sel.options].some(o => o.value === previous)) sel.value = previous;
    state.collection = sel.value;
    // a collection asked for by name (the address) that is not there: say which one is shown instead
    setStatus($('notice'), select && select !== sel.value
      ? 'There is no collection "' + select + '" on this server: showing "' + sel.value + '" instead.' : '');
    const info = data.collections.find(c => c.name === state.collection);
    $('counts').textContent = info ? fmtCounts(info) : 'no documents yet';
    const ft = $('file-type');
    const current = type !== undefined ? type : ft.value;
    state.fileTypes = info ? Object.keys(info.fileTypes || {}) : [];
    ft.innerHTML = '<option value="">any</option>';
    const option = (value, text) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      ft.appendChild(o);
    };
    for (const t of state.fileTypes) option(t, t);
    // a type asked for (the address, or chosen before) stays, so the search still filters by it
    if (current && !state.fileTypes.includes(current)) option(current, current + ' (none here)');
    ft.value = current || '';
  }

  function renderResults(data) {
    const list = $('results');
    list.innerHTML = '';
    for (const r of data.results) {
      const li = document.createElement('li');
      li.className = 'result';
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = r.score.toFixed(data.mode === 'hybrid' ? 4 : 3);
      const h = document.createElement('h2'); // under the page's h1: no level skipped
      h.textContent = r.title;
      h.prepend(score);
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = r.path + ' · ' + r.fileType + ' · chunk ' + (r.position + 1) + ' · doc ' + r.documentId;
      const p = document.createElement('p');
      p.className = 'snippet';
      p.innerHTML = r.highlighted; // escaped by the server, only <mark> added
      li.append(h, meta, p);
      list.appendChild(li);
    }
  }

  async function search(ev) {
    if (ev) ev.preventDefault();
    const q = $('query').value.trim();
    if (!q) {
      setStatus($('status'), 'Type what you are looking for in the search box, then press Search.');
      $('query').focus();
      return;
    }
    let k = Number($('k').value);
    if (!Number.isInteger(k) || k < 1) { k = 10; $('k').value = '10'; } // the box shows what is searched with
    const body = { query: q, k: k, mode: $('mode').value };
    const filter = {};
    if ($('path-prefix').value.trim()) filter.pathPrefix = $('path-prefix').value.trim();
    if ($('file-type').value) filter.fileTypes = [$('file-type').value];
    if (Object.keys(filter).length) body.filter = filter;
    setStatus($('status'), 'Searching…');
    // only the latest search shows its answer: an earlier one that comes back later is dropped
    const mine = ++state.searches;
    $('search-button').disabled = true;
    try {
      const data = await api('/collections/' + encodeURIComponent(state.collection) + '/search', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
      });
      if (mine !== state.searches) return;
      renderResults(data);
      const type = filter.fileTypes && filter.fileTypes[0];
      setStatus($('status'), count(data.results.length, 'result') + ' in ' + data.tookMs.toFixed(1) + ' ms'
        + (type && !state.fileTypes.includes(type) ? ': this collection has no ' + type + ' documents (see File type)' : ''));
      history.replaceState(null, '', '?' + searchParams(q, body).toString()); // the address bar can be shared
    } catch (e) {
      if (mine !== state.searches) return;
      $('results').innerHTML = '';
      setStatus($('status'), e.message, true);
    } finally {
      if (mine === state.searches) $('search-button').disabled = false;
    }
  }

  // The search as URL parameters (collection, q, mode, k, path, type), so a result page can be bookmarked or shared.
  function searchParams(q, body) {
    const p = new URLSearchParams();
    p.set('collection', state.collection);
    p.set('q', q);
    p.set('mode', body.mode);
    if (body.k !== 10) p.set('k', String(body.k));
    if (body.filter && body.filter.pathPrefix) p.set('path', body.filter.pathPrefix);
    if (body.filter && body.filter.fileTypes) p.set('type', body.filter.fileTypes[0]);
    return p;
  }

  // Fills the form from the page's URL parameters and runs the search they describe, if any.
  // The form is filled before anything is asked of the server, so a search refused for want of a key runs once it is given.
  async function start() {
    const p = new URLSearchParams(location.search);
    if (p.get('mode') && [...$('mode').options].some(o => o.value === p.get('mode'))) $('mode').value = p.get('mode');
    const k = Number(p.get('k'));
    if (p.get('k') && Number.isInteger(k) && k >= 1) $('k').value = String(k); // else the box keeps 10, what is searched with
    if (p.get('path')) $('path-prefix').value = p.get('path');
    if (p.get('q')) $('query').value = p.get('q');
    state.wanted = p.get('collection') || undefined;
    state.type = p.get('type') || undefined;
    if (localStorage.getItem(KEY)) showKeyBox(false);
    await run();
  }

  // The collections, then the search in the box (from the address or typed), if any.
  async function run() {
    await loadCollections(state.wanted, state.type);
    state.type = undefined;
    if ($('query').value.trim()) await search();
    else setStatus($('status'), '');
  }

  async function useKey(ev) {
    ev.preventDefault();
    const key = $('apikey').value.trim();
    if (!key) {
      setStatus($('status'), 'Type the API key in the box at the top of the page, then press Use key.', true);
      $('apikey').focus();
      return;
    }
    if (/[^\x20-\x7e]/.test(key)) { // a header carries Latin-1 at best (fetch throws on more, as if the server were gone): it could not match
      setStatus($('status'), 'An API key here can only be plain ASCII letters, digits and punctuation.', true);
      $('apikey').focus();
      return;
    }
    localStorage.setItem(KEY, key);
    $('apikey').value = '';
    showKeyBox(false);
    setStatus($('status'), 'Trying the API key…');
    await run().catch(e => setStatus($('status'), e.message, true));
  }

  function forgetKey() {
    localStorage.removeItem(KEY);
    showKeyBox(true);
    setStatus($('status'), 'The API key is no longer stored in this browser.');
  }

  async function upload(ev) {
    ev.preventDefault();
    const file = $('upload-file').files[0];
    if (!file) { setStatus($('upload-status'), 'Choose a file first.', true); return; }
    const form = new FormData();
    form.append('file', file);
    $('upload-button').disabled = true;
    setStatus($('upload-status'), 'Uploading and indexing ' + file.name + '…');
    try {
      const doc = await api('/collections/' + encodeURIComponent(state.collection) + '/documents', { method: 'POST', body: form });
      // a path stored already is replaced: the page says so, since the earlier id is gone
      setStatus($('upload-status'), (doc.replaced ? 'Replaced ' : 'Added ') + doc.path + ' (' + count(doc.chunks, 'chunk') + ', id ' + doc.id
        + (doc.replaced ? '; the earlier document, id ' + doc.replacedId + ', is gone' : '') + ')');
      $('upload-file').value = ''; // so pressing Upload again does not send (and replace) it again
      await loadCollections(state.collection);
    } catch (e) {
      setStatus($('upload-status'), e.message, true);
    } finally {
      $('upload-button').disabled = false;
    }
  }

  $('search-form').addEventListener('submit', search);
  $('upload-form').addEventListener('submit', upload);
  $('collection').addEventListener('change', () => {
    localStorage.setItem('vamana.collection', $('collection').value);
    state.wanted = $('collection').value;
    loadCollections($('collection').value).catch(e => setStatus($('status'), e.message, true));
  });
  $('keybox').addEventListener('submit', useKey);
  $('key-forget').addEventListener('click', forgetKey);
  start().catch(e => setStatus($('status'), e.message, true));
})();
