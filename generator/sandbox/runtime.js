// postforge runtime for the Postman sandbox (Newman 6 and the Postman app).
// The collection carries this text once, in its variable `postforge.runtime`; the first step script of a run
// evaluates it (again in each script where the sandbox keeps no globals). Each request's own scripts are one
// readable call with that step's settings: postforge.before(pm, {...}) and postforge.after(pm, {...}).
// `pm` (and `postforge.console`, `postforge.timer`) are handed in because they belong to the script that calls.
// Nothing here logs a variable's value.
postforge = {
  // A variable as a string ('' when unset), from the narrowest scope that has it.
  v: function (pm, name) {
    var x = pm.variables.get(name);
    return x === undefined || x === null ? '' : String(x);
  },

  // pm.variables.replaceIn for the common case, a template of plain {{NAME}}s whose values hold no {{…}}: the
  // SDK's substitution builds a resolver over every scope for each call, and a walk fills hundreds of keys.
  // Anything else (dynamic {{$guid}}, nested variables, values that are not text) goes to the SDK as before.
  fill: function (pm, text) {
    var s = String(text);
    if (s.indexOf('{{') < 0) return s;
    var plain = true;
    var out = s.replace(/\{\{([^{}]*)\}\}/g, function (m, name) {
      if (!plain) return m;
      if (name.charAt(0) === '$') { plain = false; return m; }
      var x = pm.variables.get(name);
      if (x === undefined || x === null) return m;
      if (typeof x !== 'string' || x.indexOf('{{') >= 0) { plain = false; return m; }
      return x;
    });
    return plain && out.indexOf('{{') < 0 ? out : pm.variables.replaceIn(s);
  },

  // Read "results", "_links.next.href", "allOf[*].$ref" or "items[0].id" from a value.
  at: function (obj, path) {
    if (!path) return obj;
    // "transformations[name=Mapping].params" picks the first list entry whose field has that value.
    return path.replace(/\[(\d+|\*|[^\]=]+=[^\]]*)\]/g, '.[$1]').replace(/\.\[(\d+|\*)\]/g, '.$1').split('.').filter(Boolean).reduce(function (x, k) {
      if (x === undefined || x === null) return undefined;
      if (k === '*') return Array.isArray(x) ? x : undefined;
      var sel = /^\[([^=]+)=(.*)\]$/.exec(k);
      if (sel) return Array.isArray(x) ? x.filter(function (e) { return e && String(e[sel[1]]) === sel[2]; })[0] : undefined;
      if (Array.isArray(x) && isNaN(Number(k))) return x.map(function (e) { return e === null || e === undefined ? undefined : e[k]; });
      return x[k];
    }, obj);
  },

  // Index entries keep fields under their path ("meta:altId", "allOf"); fall back to walking the path.
  field: function (entry, path) {
    return entry && Object.prototype.hasOwnProperty.call(entry, path) ? entry[path] : postforge.at(entry, path);
  },

  // Conditions as data: { NAME: value } or { NAME: { not, in, notIn, empty, listContains, expiresWithin } }.
  holds: function (pm, cond) {
    return Object.keys(cond || {}).every(function (name) {
      var op = cond[name];
      var s = postforge.v(pm, name);
      if (op === null || typeof op !== 'object') op = { equals: op };
      var str = function (x) { return x === null || x === undefined ? '' : String(x); };
      if ('equals' in op && s !== str(op.equals)) return false;
      if ('not' in op && s === str(op.not)) return false;
      if (op['in'] && op['in'].map(str).indexOf(s) < 0) return false;
      if (op.notIn && op.notIn.map(str).indexOf(s) >= 0) return false;
      if ('empty' in op && (s === '') !== op.empty) return false;
      if ('listContains' in op && s.split(',').map(function (x) { return x.trim().toLowerCase(); }).indexOf(op.listContains.toLowerCase()) < 0) return false;
      if ('listOmits' in op && s.split(',').map(function (x) { return x.trim().toLowerCase(); }).indexOf(op.listOmits.toLowerCase()) >= 0) return false;
      if ('expiresWithin' in op && !(s === '' || Number(s) < Date.now() + op.expiresWithin * 1000)) return false;
      return true;
    });
  },

  // The answer's text, decoded once per response. An answer reaches a script as bytes; the SDK's text() decodes
  // them with the sandbox's JavaScript Buffer, several times slower than turning 8 KB at a time into characters
  // and mending the UTF-8 sequences, if any, in one native call. Another charset, bytes that are not valid UTF-8
  // or an answer held as text go to the SDK as before.
  text: function (res) {
    if (!res) return '';
    var bytes = res.stream;
    if (!bytes || typeof bytes.length !== 'number' || typeof bytes.subarray !== 'function') return res.text();
    var memo = res.postforgeText;
    if (memo && memo.of === bytes) return memo.text;
    var type = res.headers && res.headers.get ? String(res.headers.get('Content-Type') || '') : '';
    // Found as the SDK finds it (the `charset` package's pattern).
    var charset = /(?:charset|encoding)\s*=\s*['"]? *([\w-]+)/i.exec(type);
    var out;
    if (charset && !/^utf-?8$/i.test(charset[1])) out = res.text();
    else {
      var parts = [];
      for (var i = 0; i < bytes.length; i += 8192) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 8192)));
      out = parts.join('');
      // Bytes 0x80-0xFF: multi-byte UTF-8 (escape gives %XX for each, which decodeURIComponent reads as UTF-8).
      if (/[\u0080-\u00ff]/.test(out)) {
        try { out = decodeURIComponent(escape(out)); } catch (e) { out = res.text(); }
      }
      if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
    }
    try { Object.defineProperty(res, 'postforgeText', { value: { of: bytes, text: out }, configurable: true, writable: true }); } catch (e) { /* frozen: decode again next time */ }
    return out;
  },

  // The answer as JSON (throws when it is not JSON): a new value on each call, callers may change it.
  json: function (res) {
    return JSON.parse(postforge.text(res));
  },

  // The server's own words for a failure message.
  message: function (pm) {
    var b;
    try { b = postforge.json(pm.response); } catch (e) { return postforge.text(pm.response).slice(0, 300); }
    if (!b || typeof b !== 'object') return String(b);
    var report = b.report || {};
    return String(b.error_description || b.message || b.detail || report['detailed-message'] || b.title || b.error || JSON.stringify(b).slice(0, 300));
  },

  indexKey: function (step) { return 'postforge.index.' + step; },

  // A lookup's index, for the requests after it. Within a chain (answers that came to this script through
  // pm.sendRequest) it is only kept here until the chain hands a request back to Newman (see as): a collection
  // variable would carry its whole text into the change log the sandbox ships back, and a chain that runs to
  // the end of the run never needs it there.
  storeIndex: function (pm, name, index) {
    var key = postforge.indexKey(name);
    var memo = postforge.parsed || (postforge.parsed = {});
    if (pm.postforgeChained) {
      (postforge.pending || (postforge.pending = {}))[key] = index;
      delete memo[name];
      return;
    }
    var raw = JSON.stringify(index);
    pm.collectionVariables.set(key, raw);
    memo[name] = { raw: raw, data: index };
  },

  // The indexes a chain kept, written where the scripts Newman runs next read them.
  flush: function (pm) {
    var p = postforge.pending;
    postforge.pending = null;
    Object.keys(p || {}).forEach(function (key) { pm.collectionVariables.set(key, JSON.stringify(p[key])); });
  },

  // Set or unset only what changes: every set or unset is recorded and replayed by the sandbox, and a rerun
  // captures the values the environment already has.
  put: function (scope, name, value) {
    if (scope.get(name) !== value) scope.set(name, value);
  },
  unset: function (scope, name) {
    if (postforge.pending) delete postforge.pending[name];
    if (scope.get(name) !== undefined) scope.unset(name);
  },

  // A lookup index, parsed (null when the lookup has not run). A walk decides many requests against the same
  // index: the parsed copy is kept while the variable's text is unchanged. Callers only read it.
  lookup: function (pm, name) {
    var key = postforge.indexKey(name);
    if (postforge.pending && Object.prototype.hasOwnProperty.call(postforge.pending, key)) return postforge.pending[key];
    var raw = pm.collectionVariables.get(key);
    if (raw === undefined || raw === null || raw === '') return null;
    var memo = postforge.parsed || (postforge.parsed = {});
    var hit = memo[name];
    if (hit && hit.raw === raw) return hit.data;
    memo[name] = { raw: raw, data: JSON.parse(raw) };
    return memo[name].data;
  },

  // Called by the second line of the runtime loader every script starts with: this script's console and
  // setTimeout, and how many scripts found this runtime already defined. Every script run ships all variables
  // into the sandbox and back, and the runtime and the run plan are most of them: where that is known to be
  // safe — this runtime was kept from an earlier script (the sandbox keeps globals) and the run is postforge's
  // own Newman run, whose collection variables are thrown away afterwards (POSTFORGE_RUNNER) — both are read
  // once and unset. In the Postman app they stay.
  enter: function (pm, c, timer) {
    postforge.console = c;
    postforge.timer = timer;
    postforge.scripts = (postforge.scripts || 0) + 1;
    // postforge's own runs add the requests (see postforge.send); read once, as they would otherwise travel
    // with every script run. Where the sandbox keeps no globals they are gone with this script: no chaining.
    if (pm.collectionVariables.has('postforge.chain')) {
      postforge.chainData = JSON.parse(pm.collectionVariables.get('postforge.chain') || 'null');
      postforge.unset(pm.collectionVariables, 'postforge.chain');
    }
    if (postforge.scripts > 1 && postforge.v(pm, 'POSTFORGE_RUNNER') === 'postforge' && pm.collectionVariables.has('postforge.runtime')) {
      postforge.steps(pm);
      postforge.unset(pm.collectionVariables, 'postforge.runtime');
      postforge.unset(pm.collectionVariables, 'postforge.plan');
    }
  },

  // The run plan (collection variable postforge.plan): every request of the collection in run order, with the
  // settings of its pre-request decision. Parsed once per run where the sandbox keeps globals.
  steps: function (pm) {
    var raw = pm.collectionVariables.get('postforge.plan') || '';
    // Unset by enter() once read: the copy read then is the plan of this run.
    if (!raw && postforge.planData && !pm.collectionVariables.has('postforge.runtime')) return postforge.planData;
    if (postforge.planText !== raw) { postforge.planText = raw; postforge.planData = raw ? JSON.parse(raw) : { e: [], f: [] }; }
    return postforge.planData;
  },

  // Before the request. A request whose decision the previous script already made (see walk) only checks that
  // mark (and, being a stub, is sent from here: see stubSend); one with work of its own (next page, row
  // filtering, JWT signing) does it here; the first request of each folder decides for itself, so a folder run
  // alone (or the Postman app's folder runner) is decided too.
  before: function (pm, cfg) {
    var e = cfg.at === undefined ? undefined : postforge.steps(pm).e[cfg.at];
    if (e && !e.self) {
      var mark = postforge.decided(pm);
      postforge.unset(pm.collectionVariables, 'postforge.decided');
      // The first request of the collection starts a run: a mark left by an interrupted earlier run (the Postman
      // app keeps collection variables between runs) does not count there.
      if (mark === pm.info.requestId && cfg.at !== 0) { postforge.stubSend(pm, e); return; }
      cfg = Object.assign({ at: cfg.at }, e.b || {});
    }
    var verdict;
    try { verdict = postforge.judge(pm, cfg, pm.info.requestName); } catch (err) { postforge.fail(pm, pm.info.requestName, err); pm.execution.skipRequest(); return; }
    if (verdict === 'skip') { postforge.pass(pm, cfg); return; }
    if (cfg.page) {
      // The queued page: {url} (a link from the answer) or {param, value} (a start value for a query parameter).
      var next = JSON.parse(pm.collectionVariables.get('postforge.page.' + cfg.page.step) || 'null');
      if (!next) postforge.unset(pm.collectionVariables, postforge.indexKey(cfg.page.index));
      else if (next.param) pm.request.url.query.upsert({ key: next.param, value: next.value });
      else pm.request.url.update(postforge.nextUrl(postforge.fill(pm, pm.request.url.toString()), next.url));
    }
    if (cfg.rows) postforge.filterRows(pm, cfg.rows);
    (cfg.jwt || []).forEach(function (j) { postforge.sign(pm, j); });
    // A stub's request is the chain's copy: what it records is the request as the walk would record it.
    var req = e && postforge.stubOf(pm) ? { name: e.name, method: e.m, url: e.u, vars: e.v || [] } : { name: pm.info.requestName, method: pm.request.method, url: pm.request.url.toString(), text: pm.request.url.toString() + (pm.request.body && pm.request.body.raw ? pm.request.body.raw : '') };
    var missing = e && !postforge.plan(pm) ? postforge.neverSet(pm, e.v || []) : [];
    if (missing.length) { postforge.fail(pm, pm.info.requestName, postforge.notSet(missing)); pm.execution.skipRequest(); return; }
    if (postforge.gate(pm, cfg, verdict, req)) postforge.pass(pm, cfg);
    else postforge.stubSend(pm, e);
  },

  // The decision a pre-request script makes, without touching the request: 'skip' (a false `when`, an
  // `ensure` that found the resource, an update with nothing to change; captures and drops done), or the change
  // the request makes (undefined for a plain request). `found`: where a walk gathers the names of the requests
  // skipped because what they make exists (one console line per walk instead of one per request).
  judge: function (pm, cfg, name, found) {
    if (cfg.when && !postforge.holds(pm, cfg.when)) { postforge.drop(pm, cfg); return 'skip'; }
    // A lookup's "next page" request: only while that lookup has queued a page.
    if (cfg.pageNext && !pm.collectionVariables.get('postforge.page.' + cfg.pageNext)) return 'skip';
    var change = cfg.ensure ? postforge.ensure(pm, cfg.ensure) : undefined;
    if (change === true) {
      // Found (perhaps by the lookup repeated after a failed write): no retry or 409 mark is pending any more.
      if (cfg.step) { postforge.unset(pm.collectionVariables, 'postforge.relook.' + cfg.step); postforge.unset(pm.collectionVariables, 'postforge.attempt.' + cfg.step); }
      postforge.drop(pm, cfg);
      // Counted by the runner ("N skipped: they exist"); shown with --verbose.
      if (found) found.push(name);
      else postforge.exists([name]);
      return 'skip';
    }
    if (cfg.drift) {
      change = postforge.drift(pm, cfg.drift, cfg.rows);
      if (!change) { postforge.drop(pm, cfg); return 'skip'; }
    }
    return change || undefined;
  },

  // After a script: decide the requests from plan position `from` on, as their own pre-request scripts would,
  // and go to the first that is sent, so a skipped request costs no script run at all. `natural`: the request
  // at `from` comes next anyway (no jump needed). Walks over the folders a folder run leaves out
  // (POSTFORGE_FOLDERS: the folders it runs; requests outside any folder always run) without deciding them; a
  // request with work of its own before it is sent decides again in its own pre-request script.
  walk: function (pm, from, natural, skipping) {
    if (from === undefined) return false;
    var plan = postforge.steps(pm);
    var list = plan.e;
    if (!list.length) return false;
    var folders = postforge.v(pm, 'POSTFORGE_FOLDERS');
    var only = folders ? JSON.parse(folders) : null;
    var k = from;
    var found = [];
    // Requests are sent from here after a response (a test script, or a chained answer), or from a pre-request
    // script whose own request is skipped (`skipping`). True when this walk started such a chain.
    var chain = Boolean(postforge.chainData && (pm.info.eventName === 'test' || skipping));
    for (; k < list.length; k++) {
      var e = list[k];
      // Requests outside any folder (f null) are in every run: the folders build on what they look up.
      if (only && plan.f[e.g] !== null && only.indexOf(plan.f[e.g]) < 0) continue;
      var cfg = e.b || {};
      var verdict;
      try { verdict = postforge.judge(pm, cfg, e.name, found); } catch (err) { postforge.exists(found); postforge.fail(pm, e.name, err); return false; }
      if (verdict === 'skip') continue;
      // Sent, with work of its own first (next page, rows, signing): its pre-request script decides again.
      if (e.self) break;
      var missing = postforge.plan(pm) ? [] : postforge.neverSet(pm, e.v || []);
      if (missing.length) { postforge.exists(found); postforge.fail(pm, e.name, postforge.notSet(missing)); return false; }
      if (postforge.gate(pm, cfg, verdict, { name: e.name, method: e.m, url: e.u, vars: e.v || [] })) continue;
      // postforge's own run, after a response: sent from here, its answer judged as its test script would.
      var c = chain ? postforge.chainData[e.id] : undefined;
      if (c) { postforge.exists(found); postforge.send(pm, e, c); return true; }
      // Decided here: a request that has a pre-request script of its own (a folder's first) must not decide again.
      if (e.guard) postforge.decide(pm, e.id);
      break;
    }
    postforge.exists(found);
    // Within a chain the request Newman would take next is the one after the script's own, not after list[k].
    if (k >= list.length) { if (from < list.length || pm.postforgeChained) pm.execution.setNextRequest(null); return false; }
    if (k !== from || !natural || pm.postforgeChained) pm.execution.setNextRequest(list[k].id);
    return false;
  },

  // Send a request of the plan from this script (pm.sendRequest) and judge its answer with its own test
  // settings, through a `pm` whose response, request name and id are that request's. Only in postforge's own
  // Newman runs, which hand over each request as data (postforge.chain: method, URL, headers, body, bearer
  // token, test settings, all still with their {{variables}}): every script run costs the sandbox a few
  // milliseconds whatever it does, a request sent from a running script almost nothing. Any jump the answer
  // calls for (retry, poll, re-authentication, another page, a failure) goes through
  // pm.execution.setNextRequest and ends the chain there: Newman then runs that item (a stub sends its request
  // from its own pre-request script, see stubSend; a whole item is sent by Newman). A line
  // "postforge: send NAME" before each one lets the runner put the request and its checks under their step.
  send: function (pm, e, c) {
    var base = pm.postforgeParent || pm;
    var q = c.q;
    var fill = function (x) { return postforge.fill(base, x); };
    var header = q.h.map(function (h) { return { key: fill(h[0]), value: fill(h[1]) }; });
    // As Newman's bearer auth: no header while the token is empty.
    var token = q.bearer === undefined ? '' : fill(q.bearer);
    if (token) header.push({ key: 'Authorization', value: 'Bearer ' + token });
    var req = { url: fill(q.u), method: q.m, header: header };
    if (q.raw !== undefined) req.body = { mode: 'raw', raw: fill(q.raw) };
    else if (q.form) req.body = { mode: 'urlencoded', urlencoded: q.form.map(function (f) { return { key: fill(f[0]), value: fill(f[1]) }; }) };
    (postforge.console || console).info('postforge: send ' + JSON.stringify(e.name));
    postforge.sent = (postforge.sent || 0) + 1;
    base.sendRequest(req, function (err, res) {
      var as = postforge.as(base, e, err ? undefined : res);
      var wait = 0;
      var sent = postforge.sent;
      try {
        wait = postforge.after(as, c.a);
      } catch (x) {
        base.test('judge "' + e.name + '"', function () { throw x; });
        as.execution.setNextRequest(null);
      }
      // The chain ended here (it chose what Newman runs next, or sent nothing more): a pre-request script's own
      // request is skipped now, after the wait a retry asks for (skipRequest ends the script and its timers),
      // where the chain chose the next request, or where that request is a stub (see stubSend), never sent itself.
      var ended = postforge.sent === sent && (as.ended || Boolean(postforge.stubOf(base)));
      var done = base.info.eventName === 'prerequest' && ended ? function () { base.execution.skipRequest(); } : function () {};
      // This script's timer: the one of the script that defined the runtime is sealed once that script ended.
      if (wait) (postforge.timer || setTimeout)(done, wait);
      else done();
    });
  },

  // postforge's own runs give Newman a stub for each request the chain can send (run/chain.ts): the item's id,
  // name and pre-request script, no headers or body, as building them is most of what Newman spends on an item
  // it never runs. After the runtime loader, the stub's script calls postforge.stub(pm, {q, a}[, true]): the
  // request as data, as the chain has it, and `true` where the item's own pre-request decision follows (it
  // calls before(), which sends through stubSend where Newman would send). Where Newman comes to a stub (a
  // retry, a poll, the way back after re-authentication, a folder run's start, a sandbox that keeps no
  // globals), the request is sent from that script and the stub skipped.
  stub: function (pm, c, decides) {
    postforge.stubbed = { id: pm.info.requestId, c: c };
    // An item with a pre-request decision of its own goes on with it (postforge.before, which calls stubSend).
    if (!decides) postforge.stubSend(pm);
  },

  // The chain's copy of this script's request when its item is a stub (undefined otherwise).
  stubOf: function (pm) {
    var s = postforge.stubbed;
    return s && s.id === pm.info.requestId ? s.c : undefined;
  },

  // Send a stub's request from its pre-request script (true), or leave an item to Newman (false).
  stubSend: function (pm, e) {
    var c = postforge.stubOf(pm);
    if (!c) return false;
    postforge.send(pm, e || { id: pm.info.requestId, name: pm.info.requestName }, c);
    return true;
  },

  // The `pm` a chained request's answer is judged with (see send).
  as: function (pm, e, res) {
    var as = {
      postforgeChained: true,
      postforgeParent: pm,
      info: { eventName: 'test', requestName: e.name, requestId: e.id },
      response: res,
      environment: pm.environment,
      collectionVariables: pm.collectionVariables,
      variables: pm.variables,
      execution: { setNextRequest: function (id) { as.ended = true; if (id !== null) postforge.flush(pm); pm.execution.setNextRequest(id); } },
      test: function (name, fn) { return pm.test(name, fn); },
      expect: pm.expect,
    };
    return as;
  },

  // The names a request's URL and body use that nothing has set: sent, they would go out as "{{NAME}}".
  // (An empty value is a value; a captured id that was never captured is not.)
  neverSet: function (pm, names) {
    return names.filter(function (n) { return n.charAt(0) !== '$' && pm.variables.get(n) === undefined; });
  },

  notSet: function (names) {
    return new Error(names.map(function (n) { return '{{' + n + '}}'; }).join(', ') + ' is not set: the step that captures it has not run in this run or found nothing (run the collection that creates it first, or the whole pipeline)');
  },

  // Decide from the request after this one (plan position cfg.at), which comes next anyway.
  onward: function (pm, cfg, skipping) {
    return cfg.at !== undefined && postforge.walk(pm, cfg.at + 1, true, skipping);
  },

  // A pre-request script's own request is not sent: decide onward, and skip it (skipRequest ends the script,
  // so where the requests that follow are sent from here, the last answer of that chain skips it).
  pass: function (pm, cfg) {
    if (!postforge.onward(pm, cfg, true)) pm.execution.skipRequest();
  },

  // "postforge: exists: [names]": requests skipped because what they make exists (the runner counts them).
  exists: function (names) {
    if (names.length) (postforge.console || console).info('postforge: exists: ' + JSON.stringify(names));
  },

  // Go on at request `id` (null: end the run), deciding from its place in the plan when it has one.
  go: function (pm, id) {
    var list = postforge.steps(pm).e;
    for (var i = 0; id !== null && i < list.length; i++) if (list[i].id === id) { postforge.walk(pm, i, false); return; }
    pm.execution.setNextRequest(id);
  },

  // A decision that could not be made (a lookup that has not run): fail that request by name and stop the run,
  // as nothing after it can be decided either.
  fail: function (pm, name, err) {
    pm.test('decide "' + name + '"', function () { throw err; });
    pm.execution.setNextRequest(null);
  },

  // Scratch variables (lookup index, column list) no later step reads: every script run ships them otherwise.
  drop: function (pm, cfg) {
    (cfg.drop || []).forEach(function (name) { postforge.unset(pm.collectionVariables, name); });
  },

  // The URL of the next page, from the link an answer gave: absolute (its path and query go on this request's
  // own origin, so paging never leaves the host the user configured), origin-relative ("/data/…"), or
  // Adobe's "@/mergePolicies?start=…" (relative to this endpoint). Query parameters of the current request
  // that the link does not set are kept (filters such as default=true).
  nextUrl: function (current, link) {
    var cur = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)?([^?#]*)(\?[^#]*)?/i.exec(current);
    var origin = cur[1] || '';
    var path = cur[2] || '/';
    var l = String(link);
    var abs = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+(.*)$/i.exec(l);
    if (abs) l = abs[1] || '/';
    var q = l.indexOf('?');
    var linkPath = q < 0 ? l : l.slice(0, q);
    var linkQuery = q < 0 ? '' : l.slice(q + 1);
    var newPath;
    if (linkPath.charAt(0) === '/') newPath = linkPath;
    else {
      var rel = linkPath.replace(/^@\//, '');
      var first = rel.split('/')[0];
      var at = first ? path.lastIndexOf('/' + first) : -1;
      newPath = rel === '' ? path : at >= 0 ? path.slice(0, at + 1) + rel : path.replace(/[^/]*$/, '') + rel;
    }
    var key = function (kv) { var k = kv.split('=')[0]; try { return decodeURIComponent(k); } catch (e) { return k; } };
    var params = [];
    var seen = {};
    linkQuery.split('&').filter(Boolean).forEach(function (kv) { seen[key(kv)] = true; params.push(kv); });
    (cur[3] || '').slice(1).split('&').filter(Boolean).forEach(function (kv) {
      if (!seen[key(kv)]) params.push(kv);
    });
    return origin + newPath + (params.length ? '?' + params.join('&') : '');
  },

  // The fields of the source a Data Prep mapping row reads: the first segment of an ATTRIBUTE path, and every
  // bare name of an EXPRESSION that is not a string, a number, a keyword or a function being called.
  sourceFields: function (pm, row) {
    var src = postforge.fill(pm, String(row.source || ''));
    if (row.sourceType !== 'EXPRESSION') return [src.split(/[.[]/)[0]];
    var names = [];
    var text = src.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ');
    var re = /[A-Za-z0-9_$][\w$.]*/g;
    var m;
    while ((m = re.exec(text)) !== null) {
      var name = m[0];
      var rest = text.slice(re.lastIndex);
      if (/^\s*\(/.test(rest) || /^\d+(\.\d+)?$/.test(name) || /^(null|true|false|and|or|not)$/i.test(name)) continue;
      var field = name.split('.')[0];
      if (names.indexOf(field) < 0) names.push(field);
    }
    return names;
  },

  // Keep only the rows whose source fields the table has (the explore answer in f.columns); the dropped rows
  // are named in f.into and in a warning, so a missing optional Salesforce feature does not fail the request.
  filterRows: function (pm, f) {
    var columns = JSON.parse(postforge.v(pm, f.columns) || 'null');
    if (!Array.isArray(columns)) return;
    var have = {};
    columns.forEach(function (c) { have[c && c.name] = true; });
    var body = JSON.parse(pm.request.body.raw);
    var kept = [];
    var dropped = [];
    (body[f.rows] || []).forEach(function (row) {
      var missing = postforge.sourceFields(pm, row).filter(function (n) { return !have[n]; });
      if (missing.length) dropped.push(row.destination + ' (' + missing.join(', ') + ')');
      else kept.push(row);
    });
    postforge.put(pm.environment, f.into, dropped.join('; '));
    if (!dropped.length) return;
    body[f.rows] = kept;
    pm.request.body.update(JSON.stringify(body, null, 2));
    (postforge.console || console).warn('warning: ' + pm.info.requestName + ': ' + dropped.length + ' mapping(s) left out, their Salesforce fields are not in this org: ' + dropped.join('; '));
  },

  // True when the lookup already has the entry (and nothing is missing from it): skip the request. With
  // `missing`, the change (what is added) when something is, false for a plain create.
  ensure: function (pm, e) {
    var index = postforge.lookup(pm, e['in']);
    if (index === null) throw new Error('the lookup step "' + e['in'] + '" has not run in this collection run; run the whole collection or folder, not this request alone');
    var existing = index[postforge.fill(pm, e.key)];
    // `match`: an entry that no longer points where the spec says (its dataset was deleted) counts as absent.
    if (existing !== undefined && e.match && Object.keys(e.match).some(function (p) { return String(postforge.field(existing, p)) !== postforge.fill(pm, String(e.match[p])); })) existing = undefined;
    Object.keys(e.capture || {}).forEach(function (name) {
      if (existing !== undefined) postforge.put(pm.environment, name, String(postforge.field(existing, e.capture[name])));
    });
    if (!e.missing) return existing !== undefined;
    // An update of an entry the lookup found: nothing to do when the entry was not there (it was just created).
    if (e.existingOnly && existing === undefined) return true;
    var m = e.missing;
    var present = [].concat(existing === undefined ? [] : postforge.field(existing, m.path) || []);
    var missing = m.values.filter(function (x) { return present.indexOf(x) < 0; });
    if (missing.length === 0) return true;
    var change = { action: 'update', fields: [{ field: m.path, before: [], after: missing }] };
    var value = m.as === 'jsonPatchAdd'
      ? missing.map(function (x) { var val = x; if (m.valueKey) { val = {}; val[m.valueKey] = x; } return { op: 'add', path: m.patchPath || '/-', value: val }; })
      : missing;
    if (m.into) pm.variables.set(m.into, JSON.stringify(value));
    return change;
  },

  // Sign a JWT into a variable. A bad key stops the run before anything is sent.
  sign: function (pm, j) {
    try {
      var claims = {};
      var now = Math.floor(Date.now() / 1000);
      j.claims.forEach(function (c) {
        var name = postforge.fill(pm, c[0]);
        if (c[1] === 'text') claims[name] = postforge.fill(pm, c[2]);
        else if (c[1] === 'value') claims[name] = c[2];
        else if (c[1] === 'uuid') claims[name] = postforge.fill(pm, '{{$guid}}');
        else if (c[1] === 'now') {
          var raw = String(postforge.fill(pm, String(c[2]))).trim();
          if (!/^\d+$/.test(raw)) throw new Error(String(c[2]).replace(/[{}]/g, '') + ': expected a whole number of seconds, got "' + raw + '"');
          claims[name] = now + Number(raw);
        }
      });
      postforge.put(pm.environment, j.into, postforgeSignJwt({ alg: j.alg, privateKey: postforge.v(pm, j.key), keyName: j.key, header: j.header, claims: claims }));
      // The token's expiry as a date, so it can be shown and stored where the token itself never is.
      if (j.expiryInto && typeof claims.exp === 'number') postforge.put(pm.environment, j.expiryInto, new Date(claims.exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    } catch (e) {
      // skipRequest() ends the script at once, so record the failure first (a rethrow would be lost) and
      // stop the run: a request with an empty or stale token must not go out.
      pm.test('sign ' + j.into, function () { throw e; });
      pm.execution.setNextRequest(null);
      pm.execution.skipRequest();
    }
  },

  // After the response: bounded retry, checks, lookup index and paging, captures; stop the run on failure.
  // Returns the milliseconds to wait before the queued retry (0 when there is none).
  after: function (pm, cfg) {
    // No status code means no answer at all (connection refused or dropped, timeout).
    var code = pm.response && pm.response.code ? pm.response.code : 0;
    // Token expired or revoked mid-run: clear it, run the auth steps again, then come back here (once).
    var ra = cfg.reauth;
    var reauthKey = 'postforge.reauth.' + cfg.step;
    if (ra && ra.on.indexOf(code) >= 0 && !pm.collectionVariables.get(reauthKey)) {
      pm.collectionVariables.set(reauthKey, '1');
      pm.collectionVariables.set('postforge.resume', pm.info.requestId);
      ra.clear.forEach(function (name) { postforge.put(pm.environment, name, ''); });
      (postforge.console || console).info('postforge: HTTP ' + code + ' on "' + pm.info.requestName + '": getting a fresh token, then retrying');
      pm.execution.setNextRequest(ra.step);
      return 0;
    }
    if (ra) postforge.unset(pm.collectionVariables, reauthKey);
    // Someone changed the resource since it was read (stale etag): read it again and retry once.
    var cf = cfg.conflict;
    var conflictKey = 'postforge.conflict.' + cfg.step;
    if (cf && code === 412 && !pm.collectionVariables.get(conflictKey)) {
      pm.collectionVariables.set(conflictKey, '1');
      (postforge.console || console).info('postforge: HTTP 412 on "' + pm.info.requestName + '" (changed since it was read): reading it again, then retrying once');
      // Back here once the lookup has read it again (the requests in between were decided already).
      pm.collectionVariables.set('postforge.return', JSON.stringify({ from: cf.reread, to: pm.info.requestId }));
      pm.execution.setNextRequest(cf.reread);
      return 0;
    }
    if (cf) postforge.unset(pm.collectionVariables, conflictKey);
    var r = cfg.retry;
    if (r) {
      var attemptKey = 'postforge.attempt.' + cfg.step;
      var attempt = Number(pm.collectionVariables.get(attemptKey) || 1);
      var retriable = code === 0 ? Boolean(r.network) : r.on.indexOf(code) >= 0 || (r.serverErrors && code >= 500);
      if (retriable && attempt < r.max) {
        var after = code === 0 ? NaN : Number(pm.response.headers.get('Retry-After'));
        var wait = Math.min(r.maxDelayMs, after >= 0 && pm.response.headers.has('Retry-After') ? after * 1000 : r.baseDelayMs * Math.pow(2, attempt - 1));
        pm.collectionVariables.set(attemptKey, String(attempt + 1));
        // A write that timed out at the gateway may have been done: look it up again first, then come back
        // here, where `ensure` skips the retry if the resource exists now (Platform writes are not idempotent).
        var relook = cfg.relook && code !== 429 ? cfg.relook : '';
        (postforge.console || console).info('postforge: retry ' + (attempt + 1) + '/' + r.max + ' of "' + pm.info.requestName + '" after ' + (code ? 'HTTP ' + code : 'no answer') + ' in ' + wait + ' ms' + (relook ? ', after looking it up again' : ''));
        if (relook) pm.collectionVariables.set('postforge.return', JSON.stringify({ from: relook, to: pm.info.requestId }));
        else postforge.again(pm);
        pm.execution.setNextRequest(relook || pm.info.requestId);
        // The calling script waits (its own setTimeout: timers of this collection-level script are gone).
        return wait;
      }
      postforge.unset(pm.collectionVariables, attemptKey);
    }
    // 409 on a create: it exists (made by a retried or concurrent request). Look it up again, once, and let
    // `ensure` capture it; only a second 409 fails.
    var relookKey = 'postforge.relook.' + cfg.step;
    if (code === 409 && cfg.relook && !pm.collectionVariables.get(relookKey)) {
      pm.collectionVariables.set(relookKey, '1');
      pm.collectionVariables.set('postforge.return', JSON.stringify({ from: cfg.relook, to: pm.info.requestId }));
      (postforge.console || console).info('postforge: HTTP 409 on "' + pm.info.requestName + '": it exists; looking it up again');
      pm.execution.setNextRequest(cfg.relook);
      return 0;
    }
    if (cfg.relook) postforge.unset(pm.collectionVariables, relookKey);
    // An answer that means "this part does not apply here" (e.g. an object the org does not have): warn, and
    // go on after the folder instead of failing the run.
    var sk = cfg.skipRest;
    if (sk && sk.status.indexOf(code) >= 0 && (!sk.match || postforge.message(pm).indexOf(sk.match) >= 0)) {
      (postforge.console || console).warn('warning: ' + pm.info.requestName + ': ' + sk.warning + ' (HTTP ' + code + ': ' + postforge.message(pm) + ')');
      if (sk.record) {
        var list = postforge.v(pm, sk.record[0]).split(',').filter(Boolean);
        if (list.indexOf(sk.record[1]) < 0) list.push(sk.record[1]);
        postforge.put(pm.environment, sk.record[0], list.join(','));
      }
      pm.test('skipped: ' + sk.warning, function () {});
      postforge.go(pm, sk.next);
      return 0;
    }
    if (code === 0) {
      pm.test('the server answers', function () { throw new Error('no answer from the server'); });
      if (postforge.stops(pm, cfg)) pm.execution.setNextRequest(null);
      else postforge.onward(pm, cfg);
      return 0;
    }
    var ok = true;
    var check = function (name, fn) { pm.test(name, function () { try { fn(); } catch (e) { ok = false; throw e; } }); };
    var explain = function () {
      var msg = postforge.message(pm);
      // Hints may name an error code (invalid_client) or words of the description: match the whole answer.
      var text = '';
      try { text = postforge.text(pm.response); } catch (e) { text = ''; }
      var hint = (cfg.hints || []).filter(function (h) { return msg.indexOf(h[0]) >= 0 || text.indexOf(h[0]) >= 0; })[0];
      return 'HTTP ' + code + ': ' + msg + (hint ? ' — fix: ' + hint[1] : '');
    };
    var already = Boolean(cfg.alreadyExists && cfg.alreadyExists.status.indexOf(code) >= 0 &&
      (!cfg.alreadyExists.match || postforge.message(pm).toLowerCase().indexOf(cfg.alreadyExists.match.toLowerCase()) >= 0));
    if (already) pm.test('already exists (HTTP ' + code + ')', function () {});
    // Checks that pass cost no assertion library call and no failure text (explain() reads the whole answer).
    else check('status is ' + cfg.status.join(' or '), function () { if (cfg.status.indexOf(code) < 0) pm.expect(false, explain()).to.equal(true); });
    var json;
    try { json = postforge.json(pm.response); } catch (e) { json = undefined; }
    // Set when this script already chose the next request (another page, or back to a write after its lookup).
    var jumped = false;
    if (ok && !already) {
      (cfg.expect || []).forEach(function (x) { postforge.expect(pm, check, explain, json, x); });
      if (cfg.index) jumped = postforge.collect(pm, check, explain, json, cfg.index, function () { return ok; });
      (cfg.capture || []).forEach(function (c) {
        var value = c.value !== undefined ? postforge.fill(pm, c.value) : c.header ? pm.response.headers.get(c.header) : postforge.at(json, c.json);
        if (c.match && value !== undefined && value !== null) {
          var found = new RegExp(c.match).exec(String(value));
          value = found ? (found[1] !== undefined ? found[1] : found[0]) : undefined;
        }
        var what = c.header ? 'header ' + c.header : 'json ' + c.json;
        if (!c.optional) check('captures ' + c.name + ' from ' + what, function () { if (value === undefined || value === null || value === '') pm.expect(false, what + ' is missing in the answer').to.equal(true); });
        if (value === undefined || value === null) return;
        var out = c.as === 'json' ? JSON.stringify(value)
          : c.as === 'epochMsFromSeconds' ? String(Date.now() + Number(value) * 1000)
          : c.as === 'epochMsFromMillis' ? String(Date.now() + Number(value))
          : typeof value === 'string' ? value : JSON.stringify(value);
        postforge.put(c.scope === 'collection' ? pm.collectionVariables : pm.environment, c.name, out);
      });
    }
    // Polling: the answer is fine, but the resource is not ready yet (a connection still initializing).
    if (ok && !already && cfg.poll) {
      var wait2 = postforge.poll(pm, check, explain, json, cfg);
      if (wait2) return wait2;
    }
    // An auth step that ran for a re-authentication goes back to the request that needed it.
    var resume = cfg.resume && ok ? pm.collectionVariables.get('postforge.resume') : '';
    if (resume) {
      postforge.unset(pm.collectionVariables, 'postforge.resume');
      // It was decided before it was interrupted: its pre-request script (if any) must not record it again.
      postforge.decide(pm, resume);
      pm.execution.setNextRequest(resume);
    }
    postforge.drop(pm, cfg);
    // Later steps depend on this one: stop the run instead of piling up errors.
    if (!ok && postforge.stops(pm, cfg)) pm.execution.setNextRequest(null);
    else if (!resume && !jumped) postforge.onward(pm, cfg);
    return 0;
  },

  // A failed check stops the run, unless the step says to go on; with --bail (POSTFORGE_BAIL) always, as
  // Newman would after that request (a chain must not send on past it within the same script).
  stops: function (pm, cfg) {
    return !cfg.continueOnFailure || postforge.v(pm, 'POSTFORGE_BAIL') === 'true';
  },

  // This request goes again (retry, next poll): it is decided already.
  again: function (pm) {
    postforge.decide(pm, pm.info.requestId);
  },

  // The mark "request `id` is decided; its pre-request script only checks it", with the time it was set: a
  // mark older than ten minutes (left by a run stopped in the Postman app) is not taken.
  decide: function (pm, id) {
    pm.collectionVariables.set('postforge.decided', id + ' ' + Date.now());
  },

  decided: function (pm) {
    var m = /^(\S+) (\d+)$/.exec(pm.collectionVariables.get('postforge.decided') || '');
    return m && Date.now() - Number(m[2]) < 600000 ? m[1] : '';
  },

  // One check of a JSON value or header: [label, source, path, operator, expected].
  expect: function (pm, check, explain, json, x) {
    var actual = x[1] === 'header' ? pm.response.headers.get(x[2]) : postforge.at(json, x[2]);
    var op = x[3];
    var want = x[4];
    var kind = actual === null ? 'null' : Array.isArray(actual) ? 'array' : typeof actual;
    // Decided here when it plainly holds; otherwise the assertion library decides and words the failure.
    var holds = op === 'exists' ? (actual !== undefined && actual !== null) === want
      : op === 'equals' ? actual === want && (actual === null || typeof actual !== 'object')
      : op === 'contains' ? String(actual).indexOf(want) >= 0
      : op === 'matches' ? new RegExp(want).test(String(actual))
      : op === 'type' ? kind === want
      : op === 'minLength' ? (actual || []).length >= want : false;
    check(x[0], function () {
      if (holds) return;
      if (op === 'exists') pm.expect(actual !== undefined && actual !== null, explain()).to.equal(want);
      else if (op === 'equals') pm.expect(actual, explain()).to.eql(want);
      else if (op === 'contains') pm.expect(String(actual), explain()).to.include(want);
      else if (op === 'matches') pm.expect(String(actual), explain()).to.match(new RegExp(want));
      else if (op === 'type') pm.expect(kind, explain()).to.equal(want);
      else if (op === 'minLength') pm.expect((actual || []).length, explain()).to.be.at.least(want);
    });
  },

  // Add this page's entries to the lookup index; queue the next page (bounded by maxPages).
  // True when it chose the next request (the next page, or the write that asked for this lookup).
  // `passed`: whether the answer's checks have passed so far; a failed one hands back to no one (after() stops
  // the run, and a chain started here would go on sending after that).
  collect: function (pm, check, explain, json, ix, passed) {
    var pageKey = 'postforge.page.' + ix.step;
    var page = Number(pm.collectionVariables.get(pageKey + '.count') || 1);
    // The first page starts a fresh index (a lookup needs no pre-request script to reset it).
    var index = page === 1 ? {} : postforge.lookup(pm, ix.name) || {};
    var entries = postforge.at(json, ix.items);
    check('lookup answer has a list', function () { if (!entries || typeof entries !== 'object') pm.expect(false, explain()).to.equal(true); });
    // A list, or an object of entries; an object of lists (descriptors grouped by @type) is flattened.
    // Catalog answers objects keyed by id: the key is kept as "@key".
    var list = Array.isArray(entries) ? entries : Object.keys(entries || {}).reduce(function (all, k) {
      var e = entries[k];
      if (e && typeof e === 'object' && !Array.isArray(e) && !('@key' in e)) { e = Object.assign({ '@key': k }, e); }
      return all.concat(e);
    }, []);
    list.forEach(function (entry) {
      var key = ix.key.map(function (k) { return String(postforge.at(entry, k)); }).join('|');
      if (!ix.keep) { index[key] = entry; return; }
      var kept = {};
      ix.keep.forEach(function (p) { kept[p] = postforge.at(entry, p); });
      index[key] = kept;
    });
    postforge.storeIndex(pm, ix.name, index);
    if (!ix.paginate) return passed() && postforge.back(pm, ix.first);
    var p = ix.paginate;
    // The first form the answer has: a link (string, or {href}) or a start value; null or "" ends paging.
    // p.next: [path, 'url'] for a link (a string, or {href}), [path, NAME] for a start value sent as ?NAME=.
    var next = null;
    p.next.forEach(function (n) {
      var x = postforge.at(json, n[0]);
      if (x && typeof x === 'object' && !Array.isArray(x)) x = x.href;
      if (next || x === undefined || x === null || x === '' || typeof x === 'object') return;
      next = n[1] === 'url' ? { url: String(x) } : { param: n[1], value: String(x) };
    });
    if (next && page < p.maxPages) {
      pm.collectionVariables.set(pageKey, JSON.stringify(next));
      pm.collectionVariables.set(pageKey + '.count', String(page + 1));
      // The first page hands over to its "next page" request, which then repeats itself.
      pm.execution.setNextRequest(ix.nextPage || pm.info.requestId);
      return true;
    }
    postforge.unset(pm.collectionVariables, pageKey);
    postforge.unset(pm.collectionVariables, pageKey + '.count');
    check('all pages read (at most ' + p.maxPages + ')', function () { if (next) pm.expect(true, 'more than ' + p.maxPages + ' pages; raise paginate.maxPages').to.equal(false); });
    return passed() && postforge.back(pm, ix.first);
  },

  // A finished lookup that a write asked for (retry after a timeout, or a 409) goes back to that write.
  // Only the lookup that was asked for hands back: a pending return of a lookup that failed is not taken up by
  // another lookup later in the run.
  // `first`: the lookup's first request, when this is its "next page" request.
  back: function (pm, first) {
    var r = JSON.parse(pm.collectionVariables.get('postforge.return') || 'null');
    if (!r || r.from !== (first || pm.info.requestId)) return false;
    postforge.unset(pm.collectionVariables, 'postforge.return');
    // The write decides again (the lookup may have found it now).
    postforge.go(pm, r.to);
    return true;
  },

  // One poll: ready (0), failed (a failed check), or not yet (the wait before asking again; bounded).
  poll: function (pm, check, explain, json, cfg) {
    var p = cfg.poll;
    var step = cfg.step;
    var key = 'postforge.poll.' + step;
    var n = Number(pm.collectionVariables.get(key) || 1);
    var state = postforge.at(json, p.path);
    var show = JSON.stringify(state === undefined ? null : state);
    if (p.until.indexOf(state) >= 0) { postforge.unset(pm.collectionVariables, key); return 0; }
    if ((p.fail || []).indexOf(state) >= 0 || n >= p.max) {
      postforge.unset(pm.collectionVariables, key);
      var why = (p.fail || []).indexOf(state) >= 0 ? p.path + ' is ' + show : p.path + ' is still ' + show + ' after ' + n + ' checks';
      check(p.path + ' becomes ' + p.until.join(' or '), function () { pm.expect(false, why + ' (HTTP ' + pm.response.code + ': ' + postforge.message(pm) + ')').to.equal(true); });
      if (postforge.stops(pm, cfg)) pm.execution.setNextRequest(null);
      return 0;
    }
    pm.collectionVariables.set(key, String(n + 1));
    postforge.again(pm);
    var wait = Math.min(p.maxDelayMs, p.baseDelayMs * Math.pow(2, n - 1));
    (postforge.console || console).info('postforge: ' + pm.info.requestName + ': ' + p.path + ' is ' + show + '; asking again in ' + wait + ' ms (' + n + '/' + p.max + ')');
    pm.execution.setNextRequest(pm.info.requestId);
    return wait;
  },
};
