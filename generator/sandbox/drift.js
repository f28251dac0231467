// postforge drift and plan support for the Postman sandbox, appended to runtime.js (it extends `postforge`).
// An "update" request compares fields of an existing resource (from a lookup index) with what the spec would
// send, on normalised values, and goes out only when something differs. Every write a run makes or would make
// is announced as one console line "postforge: change {json}", which the runner collects for plan and the
// summary; in the Postman app the same lines show in the console. Values shown are ids and settings, never
// secrets (tokens are represented by their expiry date).
Object.assign(postforge, {
  // Deep {{VAR}} resolution of a spec value (strings inside arrays and objects too).
  resolve: function (pm, value) {
    if (typeof value === 'string') return postforge.fill(pm, value);
    if (Array.isArray(value)) return value.map(function (x) { return postforge.resolve(pm, x); });
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = postforge.resolve(pm, value[k]); });
      return out;
    }
    return value;
  },

  // Whitespace outside string literals collapsed ("a  ( b )" and "a ( b )" are the same expression).
  collapse: function (s) {
    var out = '';
    var quote = null;
    for (var i = 0; i < s.length; i += 1) {
      var c = s[i];
      if (quote) { out += c; if (c === '\\') { out += s[i + 1] || ''; i += 1; } else if (c === quote) quote = null; continue; }
      if (c === '"' || c === "'") { quote = c; out += c; continue; }
      if (/\s/.test(c)) { if (out && !/[\s(,[]$/.test(out)) out += ' '; continue; }
      if (/[),\]]/.test(c) && / $/.test(out)) out = out.slice(0, -1);
      out += c;
    }
    return out.trim();
  },

  // One value in comparable form: coerced scalars, aliases (values the server writes differently), only the
  // picked keys of objects (servers add ids and audit fields), arrays sorted when order does not matter.
  normal: function (v, f) {
    if (v === undefined || v === null) return null;
    if (Array.isArray(v)) {
      var list = v.map(function (x) { return postforge.normal(x, f); });
      return f.ignoreOrder ? list.sort(function (a, b) { var x = JSON.stringify(a); var y = JSON.stringify(b); return x < y ? -1 : x > y ? 1 : 0; }) : list;
    }
    if (typeof v === 'object') {
      var o = {};
      (f.pick || Object.keys(v).sort()).forEach(function (k) { if (v[k] !== undefined && v[k] !== null) o[k] = postforge.normal(v[k], { aliases: f.aliases, whitespace: f.whitespace, as: f.itemAs }); });
      return o;
    }
    if (f.as === 'number') return Number(v);
    if (f.as === 'boolean') return v === true || v === 'true';
    var s = String(v);
    if (f.aliases && Object.prototype.hasOwnProperty.call(f.aliases, s)) s = f.aliases[s];
    if (f.whitespace === 'collapse') s = postforge.collapse(s);
    return f.as === 'string' || typeof v === 'string' ? s : v;
  },

  // A field that differs, as {field, before, after}; undefined when it matches. Sets list the entries only on
  // one side (a changed mapping row shows as the old row before and the new row after).
  compare: function (pm, entry, f) {
    var actual = postforge.field(entry, f.path);
    if (f.extract && actual !== undefined && actual !== null) {
      var m = new RegExp(f.extract).exec(String(actual));
      actual = m ? (m[1] !== undefined ? m[1] : m[0]) : undefined;
    }
    // `absent`: what a value the resource does not have counts as (a Catalog tag never set is off).
    if ((actual === undefined || actual === null) && f.absent !== undefined) actual = f.absent;
    var want = postforge.resolve(pm, f.want);
    var label = f.label || f.path;
    if (f.expiresWithinDays !== undefined) {
      var days = Number(postforge.fill(pm, String(f.expiresWithinDays)));
      var at = actual ? Date.parse(String(actual)) : NaN;
      if (!isNaN(at) && at >= Date.now() + days * 86400000) return undefined;
      return { field: label, before: isNaN(at) ? '(unknown)' : String(actual), after: want };
    }
    var a = postforge.normal(actual, f);
    var w = postforge.normal(want, f);
    if (f.ignore && Array.isArray(a)) { var skip = postforge.normal(postforge.resolve(pm, f.ignore), f); a = a.filter(function (x) { return skip.indexOf(x) < 0; }); }
    // `extra`: only entries the resource has beyond the spec count (additions are another step's job).
    if (f.extra && Array.isArray(a) && Array.isArray(w)) {
      var beyond = a.filter(function (x) { return w.map(JSON.stringify).indexOf(JSON.stringify(x)) < 0; });
      return beyond.length ? { field: label, before: beyond, after: [] } : undefined;
    }
    if (JSON.stringify(a) === JSON.stringify(w)) return undefined;
    if (f.ignoreOrder && Array.isArray(a) && Array.isArray(w)) {
      var key = function (x) { return JSON.stringify(x); };
      var wk = w.map(key);
      var ak = a.map(key);
      return { field: label, before: a.filter(function (x) { return wk.indexOf(key(x)) < 0; }), after: w.filter(function (x) { return ak.indexOf(key(x)) < 0; }) };
    }
    // A value this run has yet to create (plan mode skipped the create that captures it).
    var after = typeof want === 'string' && /\{\{[^{}]+\}\}/.test(want) ? '(made by this run)' : want;
    return { field: label, before: actual === undefined ? null : actual, after: after };
  },

  // The change an update request would make, or null when the resource is absent (the create step makes it),
  // was replaced, or already matches the spec. Captures (ids, etags) are set from the existing entry first.
  drift: function (pm, d, rows) {
    var index = postforge.lookup(pm, d['in']);
    if (index === null) throw new Error('the lookup step "' + d['in'] + '" has not run in this collection run; run the whole collection or folder, not this request alone');
    var entry = index[postforge.fill(pm, d.key)];
    if (entry === undefined) return null;
    var stale = (d.match || []).some(function (m) { return String(postforge.field(entry, m[0])) !== postforge.fill(pm, String(m[1])); });
    if (stale) return null;
    // `unless`: an entry with these values is another step's business (a one-time dataflow has its own check).
    if ((d.unless || []).some(function (m) { return String(postforge.field(entry, m[0])) === postforge.fill(pm, String(m[1])); })) return null;
    Object.keys(d.capture || {}).forEach(function (name) {
      // "path" or [path, regular expression whose first group is kept].
      var c = [].concat(d.capture[name]);
      var v = postforge.field(entry, c[0]);
      if (c[1] && v !== undefined && v !== null) { var m = new RegExp(c[1]).exec(String(v)); v = m ? (m[1] !== undefined ? m[1] : m[0]) : undefined; }
      if (v !== undefined && v !== null) postforge.put(pm.environment, name, typeof v === 'string' ? v : JSON.stringify(v));
    });
    var fields = (d.fields || []).map(function (f) { return postforge.compare(pm, entry, postforge.wanted(pm, f, rows)); }).filter(Boolean);
    if (!fields.length) return null;
    var change = { action: d.manual ? 'manual' : d.action || 'update', fields: fields };
    if (d.manual) change.reason = d.manual;
    // `keep`: only reported, never sent (a dataset no longer in the specs holds ingested data); the reason says so.
    if (d.keep && !d.manual) { change.reason = d.keep; change.apply = false; }
    if (d.rekey && !d.manual) {
      var moved = postforge.rekey(pm, d, index, entry);
      if (moved !== true) { change.action = 'manual'; change.reason = moved; }
    }
    if (d.apply && !postforge.holds(pm, d.apply)) change.apply = false;
    return change;
  },

  // `rekey` (a rename): the entry found under the old key is filed under the new one too, with the values this
  // update gives it, so the later steps of the run (the create's ensure, other updates) find the renamed
  // resource by its new key, in plan mode as well, instead of making a second one. When something already has
  // the new key, the rename would collide with it (the API refuses duplicate names): the reason is returned.
  rekey: function (pm, d, index, entry) {
    var to = postforge.fill(pm, d.rekey);
    if (index[to] !== undefined) return 'both "' + postforge.fill(pm, d.key) + '" and "' + to + '" exist; keep one of them (delete or rename the other in the Experience Platform UI) and run again';
    var moved = JSON.parse(JSON.stringify(entry));
    (d.fields || []).forEach(function (f) {
      if (!/^[^.[\]*]+$/.test(f.path) || f.want === undefined) return;
      moved[f.path] = postforge.resolve(pm, f.want);
    });
    index[to] = moved;
    postforge.storeIndex(pm, d['in'], index);
    return true;
  },

  // With filterRows, the rows compared are those the request will send: rows whose source fields the org
  // lacks are left out of the wanted list as they are left out of the body.
  wanted: function (pm, f, rows) {
    if (!rows || f.path !== rows.rows || !Array.isArray(f.want)) return f;
    var columns = JSON.parse(postforge.v(pm, rows.columns) || 'null');
    if (!Array.isArray(columns)) return f;
    var have = {};
    columns.forEach(function (c) { have[c && c.name] = true; });
    var kept = f.want.filter(function (row) { return postforge.sourceFields(pm, row).every(function (n) { return have[n]; }); });
    return Object.assign({}, f, { want: kept });
  },

  plan: function (pm) { return postforge.v(pm, 'POSTFORGE_PLAN') === 'true'; },

  // Announce a write (made, or in plan mode only planned) for the runner and the Postman console. `req`: the
  // request's name, method and URL (its own, or its plan entry when an earlier script decides for it).
  record: function (pm, change, applied, req) {
    change.step = req.name;
    change.method = req.method;
    change.url = postforge.fill(pm, req.url);
    change.applied = applied;
    (postforge.console || console).info('postforge: change ' + JSON.stringify(change));
  },

  // The request's URL and body still name a variable nothing has set (an id a skipped create would capture):
  // `req.vars` lists the names (plan entry), or `req.text` is the request's own URL and body.
  unresolved: function (pm, req) {
    var names = req.vars || (req.text.match(/\{\{[^{}$]+\}\}/g) || []).map(function (m) { return m.slice(2, -2); });
    return names.some(function (n) { return postforge.v(pm, n) === ''; });
  },

  // Called once the request is going to be sent: record writes; in plan mode skip all but reads and `safe`
  // requests (token requests). True when the request must be skipped.
  gate: function (pm, cfg, change, req) {
    var method = String(req.method || 'GET').toUpperCase();
    var plan = postforge.plan(pm);
    if (change && (change.action === 'manual' || change.apply === false)) { postforge.record(pm, change, false, req); return true; }
    // A guarded read (a check of something an earlier step creates, like a default merge policy) would only
    // fail in plan mode when that step was skipped.
    if (method === 'GET' || method === 'HEAD' || cfg.safe) return plan && (postforge.unresolved(pm, req) || Boolean(cfg.ensure && !cfg.safe));
    var c = change || { action: method === 'POST' && cfg.ensure ? 'create' : method === 'DELETE' ? 'delete' : 'update' };
    postforge.record(pm, c, !plan, req);
    return plan;
  },
});
