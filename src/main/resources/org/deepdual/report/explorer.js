/*
 * deepdual report explorer (docs/output.md, report/): the path and cell table, heat maps over
 * (log beta, L), profiles over beta and parallel coordinates, drawn as SVG from data.js (and cells.js,
 * loaded when first needed). Plain browser JavaScript, no library and no network: the page works from
 * disk and from any static web server. Part of deepdual, Apache License 2.0.
 */
(function () {
  'use strict';
  var D = window.DEEPDUAL_DATA;
  var statusLine = document.getElementById('explorer-status');
  if (!statusLine) { return; }
  if (!D) {
    statusLine.textContent = 'data.js is missing next to index.html, so the explorer cannot show the sweep; '
      + 'the figures and tables below do not need it.';
    return;
  }
  var SVGNS = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#7f7f7f', '#b8860b',
    '#8b008b'];
  var DASHES = ['', '6 3', '2 3', '8 3 2 3', '12 4', '1 2', '4 4 1 4', '10 2 2 2 2 2'];
  var MARKERS = ['circle', 'square', 'triangle', 'diamond', 'down', 'plus', 'star', 'cross'];
  var LOG_FLOOR = 1e-16;
  var METRICS = [
    {key: 'value', label: 'optimal value P (mean over seeds)', log: 'auto'},
    {key: 'gap', label: 'relative gap (P − D)/max(1, |P|)', log: 'always'},
    {key: 'rank', label: 'rank of W_1', log: 'never'},
    {key: 'stableRank', label: 'mean stable rank', log: 'never'},
    {key: 'align', label: 'min subspace alignment', log: 'never'},
    {key: 'nc1', label: 'NC1', log: 'always'},
    {key: 'nc2', label: 'NC2 (ETF deviation)', log: 'always'},
    {key: 'timeMs', label: 'solve time (ms, mean over seeds)', log: 'auto'}
  ];
  var PANELS = D.panels;
  var tip = document.getElementById('tip');

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }
  /** Short form for tables: 4 significant digits. */
  function fmt(v) {
    if (!isNum(v)) { return '—'; }
    if (v === 0) { return '0'; }
    var a = Math.abs(v);
    if (a >= 1e-3 && a < 1e4) { return String(Number(v.toPrecision(4))); }
    return v.toExponential(3);
  }
  /** The exact value: the shortest text that reads back as the same double. */
  function exact(v) { return isNum(v) ? String(v) : 'undefined (null)'; }
  function anchor(s) { return String(s).replace(/[^A-Za-z0-9_-]/g, '_'); }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) { if (attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); } }
    return e;
  }
  function option(sel, value, label) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    sel.appendChild(o);
  }
  function labelled(text, control) {
    var l = document.createElement('label');
    l.appendChild(document.createTextNode(text));
    l.appendChild(control);
    return l;
  }
  function showTip(ev, html, data) {
    tip.innerHTML = html;
    tip.style.display = 'block';
    var x = ev.clientX + 14;
    var y = ev.clientY + 14;
    if (x + 420 > window.innerWidth) { x = Math.max(0, ev.clientX - 430); }
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
    for (var k in tip.dataset) { delete tip.dataset[k]; }
    for (var d in data) { tip.dataset[d] = data[d]; }
  }
  function hideTip() { tip.style.display = 'none'; }

  // ---------------------------------------------------------------- rows
  function pathStatus(i) {
    var p = D.paths;
    return p.failed[i] > 0 ? 'FAILED' : p.bounds[i] > 0 ? 'BOUNDS' : 'OPTIMAL';
  }
  function certText(n, of) { return of === 0 ? 'none' : n === of ? 'all' : n === 0 ? 'none' : 'some'; }
  function pathRows() {
    var p = D.paths;
    var rows = [];
    for (var i = 0; i < p.id.length; i++) {
      var k = PANELS[p.panel[i]] || {};
      var solved = p.cells[i] - p.failed[i];
      rows.push({kind: 'path', i: i, id: p.id[i], panel: p.panel[i], setting: k.setting, variant: k.variant,
        data: k.data, objective: k.objective, t: k.t, width: k.width, depth: p.depth[i], seed: p.seed[i],
        status: pathStatus(i), certified: certText(p.certified[i], solved), cells: p.cells[i],
        optimal: p.optimal[i], bounds: p.bounds[i], failed: p.failed[i], ncert: p.certified[i],
        betaMin: p.betaMin[i], betaMax: p.betaMax[i], valueMin: p.valueMin[i], valueMax: p.valueMax[i],
        gap: p.gapMax[i], rank: p.rankMax[i], nc1: p.nc1Min[i], align: p.alignMin[i], timeMs: p.timeMs[i],
        violations: p.violations[i]});
    }
    return rows;
  }
  function cellRows() {
    var c = window.DEEPDUAL_CELLS;
    var rows = [];
    for (var i = 0; i < c.id.length; i++) {
      var pi = c.path[i];
      var k = PANELS[D.paths.panel[pi]] || {};
      rows.push({kind: 'cell', i: i, id: c.id[i], path: pi, pathId: D.paths.id[pi], panel: D.paths.panel[pi],
        setting: k.setting, variant: k.variant, data: k.data, objective: k.objective, t: k.t, width: k.width,
        depth: D.paths.depth[pi], seed: D.paths.seed[pi], beta: c.beta[i], status: c.status[i],
        certified: c.certified[i] ? 'yes' : 'no', value: c.value[i], dual: c.dual[i], gap: c.gap[i],
        rank: c.rank[i], nc1: c.nc1[i], align: c.align[i], excess: c.excess[i], timeMs: c.timeMs[i],
        iterations: c.iterations[i], reason: c.reason[i], violations: D.violations[c.id[i]] || 0});
    }
    return rows;
  }
  var PARAMS = ['setting', 'variant', 'data', 'objective', 't', 'width', 'depth', 'seed', 'status', 'certified'];
  var PARAM_LABEL = {setting: 'setting', variant: 'BN variant', data: 'data', objective: 'objective', t: 't',
    width: 'width', depth: 'L', seed: 'seed', status: 'status', certified: 'certified'};

  function figuresLink(r) {
    var k = PANELS[r.panel];
    return k ? '<a href="#panel-' + esc(k.slug) + '" title="figures of ' + esc(k.title) + '">figures</a>' : '';
  }
  function violationLink(r) {
    if (!r.violations) { return ''; }
    if (r.kind === 'cell') {
      return '<a class="bad" href="#cell-' + esc(anchor(r.id)) + '">' + r.violations + ' ⚠</a>';
    }
    return '<a class="bad" href="#path/' + esc(r.id) + '" title="cells of this path, with links to the violation '
      + 'table">' + r.violations + ' ⚠</a>';
  }
  function col(key, label, get, opts) {
    var c = {key: key, label: label, get: get, num: false, show: true};
    for (var o in opts || {}) { c[o] = opts[o]; }
    if (!c.html) { c.html = function (r) { var v = c.get(r); return c.num ? fmt(v) : esc(v === undefined ? '' : v); }; }
    return c;
  }
  function param(key) { return col(key, PARAM_LABEL[key], function (r) { return r[key]; }); }
  function statusCol() {
    return col('status', 'status', function (r) { return r.status; }, {html: function (r) {
      return '<span class="st-' + esc(r.status) + '">' + esc(r.status) + '</span>';
    }});
  }
  var PATH_COLUMNS = [param('setting'), param('variant'), param('data'), param('objective'), param('t'),
    param('width'), col('depth', 'L', function (r) { return r.depth; }, {num: true}),
    col('seed', 'seed', function (r) { return r.seed; }, {num: true}),
    col('beta', 'β range', function (r) { return r.betaMin; }, {html: function (r) {
      return fmt(r.betaMin) + ' … ' + fmt(r.betaMax);
    }}),
    col('cells', 'cells', function (r) { return r.cells; }, {num: true}), statusCol(),
    col('optimal', 'OPTIMAL', function (r) { return r.optimal; }, {num: true, show: false}),
    col('bounds', 'BOUNDS', function (r) { return r.bounds; }, {num: true, show: false}),
    col('failed', 'FAILED', function (r) { return r.failed; }, {num: true}),
    col('certified', 'certified', function (r) { return r.certified; }, {html: function (r) {
      return esc(r.ncert + ' of ' + (r.cells - r.failed));
    }}),
    col('value', 'value P (min … max)', function (r) { return r.valueMax; }, {html: function (r) {
      return fmt(r.valueMin) + ' … ' + fmt(r.valueMax);
    }}),
    col('gap', 'max rel. gap', function (r) { return r.gap; }, {num: true}),
    col('rank', 'max rank W_1', function (r) { return r.rank; }, {num: true}),
    col('nc1', 'min NC1', function (r) { return r.nc1; }, {num: true, show: false}),
    col('align', 'min alignment', function (r) { return r.align; }, {num: true}),
    col('timeMs', 'solve time (s)', function (r) { return r.timeMs; }, {html: function (r) {
      return isNum(r.timeMs) ? fmt(r.timeMs / 1000) : '—';
    }}),
    col('violations', 'violations', function (r) { return r.violations; }, {html: violationLink}),
    col('links', 'links', function () { return ''; }, {html: function (r) {
      return figuresLink(r) + ' · <a href="#path/' + esc(r.id) + '">cells</a>';
    }})];
  var CELL_COLUMNS = [param('setting'), param('variant'), param('data'), param('objective'), param('t'),
    param('width'), col('depth', 'L', function (r) { return r.depth; }, {num: true}),
    col('seed', 'seed', function (r) { return r.seed; }, {num: true}),
    col('beta', 'β', function (r) { return r.beta; }, {num: true}), statusCol(),
    col('certified', 'certified', function (r) { return r.certified; }),
    col('value', 'value P', function (r) { return r.value; }, {num: true}),
    col('dual', 'dual D', function (r) { return r.dual; }, {num: true, show: false}),
    col('gap', 'rel. gap', function (r) { return r.gap; }, {num: true}),
    col('rank', 'rank W_1', function (r) { return r.rank; }, {num: true}),
    col('nc1', 'NC1', function (r) { return r.nc1; }, {num: true, show: false}),
    col('align', 'min alignment', function (r) { return r.align; }, {num: true, show: false}),
    col('excess', 'baseline excess', function (r) { return r.excess; }, {num: true, show: false}),
    col('timeMs', 'solve ms', function (r) { return r.timeMs; }, {num: true}),
    col('iterations', 'iterations', function (r) { return r.iterations; }, {num: true, show: false}),
    col('reason', 'reason', function (r) { return r.reason; }, {show: false}),
    col('violations', 'violations', function (r) { return r.violations; }, {html: violationLink}),
    col('links', 'links', function () { return ''; }, {html: function (r) {
      return figuresLink(r) + ' · <a href="#explore/' + esc(r.id) + '">record</a>';
    }})];

  function summaryText() {
    return D.paths.id.length + ' β paths and ' + D.cellCount + ' cells over ' + PANELS.length + ' panels; '
      + D.violationCount + ' invariant violation(s). Hover a heat-map cell or a point for its exact value; click '
      + 'a heat-map cell to list its paths.';
  }

  // ---------------------------------------------------------------- table
  var T = {view: 'paths', rows: pathRows(), cols: PATH_COLUMNS, filters: {}, search: '', sortKey: null, sortDir: 1,
    limit: 300, shown: []};
  var controls = document.getElementById('table-controls');
  var wrap = document.getElementById('table-wrap');

  function loadCells(then) {
    if (window.DEEPDUAL_CELLS) { then(); return; }
    statusLine.textContent = 'Loading ' + D.cellsFile + ' (' + D.cellCount + ' cells) …';
    var s = document.createElement('script');
    s.src = D.cellsFile;
    s.onload = function () { statusLine.textContent = summaryText(); then(); };
    s.onerror = function () { statusLine.textContent = D.cellsFile + ' is missing next to index.html.'; };
    document.body.appendChild(s);
  }
  function setView(view, then) {
    if (view === 'cells') {
      loadCells(function () {
        T.view = 'cells';
        T.rows = cellRows();
        T.cols = CELL_COLUMNS;
        buildControls();
        if (then) { then(); }
        refresh();
      });
    } else {
      T.view = 'paths';
      T.rows = pathRows();
      T.cols = PATH_COLUMNS;
      buildControls();
      if (then) { then(); }
      refresh();
    }
  }
  function distinct(key) {
    var seen = {};
    var out = [];
    T.rows.forEach(function (r) {
      var v = r[key];
      var s = v === undefined || v === null ? '' : String(v);
      if (!(s in seen)) { seen[s] = true; out.push(v); }
    });
    out.sort(function (a, b) { return isNum(a) && isNum(b) ? a - b : String(a).localeCompare(String(b)); });
    return out;
  }
  function buildControls() {
    controls.innerHTML = '';
    var view = document.createElement('select');
    view.id = 'view';
    option(view, 'paths', 'β paths (' + D.paths.id.length + ')');
    option(view, 'cells', 'cells (' + D.cellCount + ')');
    view.value = T.view;
    view.onchange = function () { T.filters = {}; setView(view.value); };
    controls.appendChild(labelled('rows', view));
    PARAMS.forEach(function (key) {
      var values = distinct(key);
      if (values.length < 2 && !(key in T.filters) && key !== 'setting' && key !== 'status') { return; }
      var s = document.createElement('select');
      s.id = 'filter-' + key;
      option(s, '', '(all ' + values.length + ')');
      values.forEach(function (v) { option(s, String(v), v === '' ? '(none)' : String(v)); });
      if (key in T.filters) { s.value = T.filters[key]; }
      s.onchange = function () {
        if (s.value === '' && s.selectedIndex === 0) { delete T.filters[key]; } else { T.filters[key] = s.value; }
        refresh();
        drawParallel();
      };
      controls.appendChild(labelled(PARAM_LABEL[key], s));
    });
    var q = document.createElement('input');
    q.id = 'search';
    q.type = 'search';
    q.placeholder = 'any text, e.g. a cell id';
    q.value = T.search;
    q.oninput = function () { T.search = q.value.trim().toLowerCase(); refresh(); };
    controls.appendChild(labelled('search', q));
    var cols = document.createElement('details');
    cols.className = 'cols';
    cols.innerHTML = '<summary>columns</summary>';
    T.cols.forEach(function (c) {
      var l = document.createElement('label');
      l.style.flexDirection = 'row';
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = c.show;
      box.dataset.col = c.key;
      box.onchange = function () { c.show = box.checked; render(); };
      l.appendChild(box);
      l.appendChild(document.createTextNode(' ' + c.label));
      cols.appendChild(l);
    });
    controls.appendChild(cols);
    var count = document.createElement('span');
    count.id = 'row-count';
    controls.appendChild(count);
  }
  function matches(r) {
    for (var k in T.filters) {
      var v = r[k];
      if ((v === undefined || v === null ? '' : String(v)) !== T.filters[k]) { return false; }
    }
    if (T.search) {
      var text = PARAMS.map(function (k) { return r[k]; }).join(' ') + ' ' + r.id + ' ' + (r.pathId || '') + ' '
        + (r.reason || '') + ' ' + (PANELS[r.panel] ? PANELS[r.panel].title : '');
      if (text.toLowerCase().indexOf(T.search) < 0) { return false; }
    }
    return true;
  }
  function refresh() {
    T.shown = T.rows.filter(matches);
    if (T.sortKey) {
      var c = T.cols.filter(function (x) { return x.key === T.sortKey; })[0];
      if (c) {
        T.shown.sort(function (a, b) {
          var x = c.get(a);
          var y = c.get(b);
          var nx = isNum(x);
          var ny = isNum(y);
          if (nx && ny) { return (x - y) * T.sortDir; }
          if (nx !== ny) { return nx ? -1 : 1; } // undefined last
          return String(x).localeCompare(String(y)) * T.sortDir;
        });
      }
    }
    render();
  }
  function render() {
    var count = document.getElementById('row-count');
    count.textContent = T.shown.length + ' of ' + T.rows.length + ' ' + (T.view === 'paths' ? 'β paths' : 'cells');
    count.dataset.count = T.shown.length;
    var cols = T.cols.filter(function (c) { return c.show; });
    var h = ['<table id="explorer-table"><thead><tr>'];
    cols.forEach(function (c) {
      var cls = T.sortKey === c.key ? (T.sortDir > 0 ? 'sorted-asc' : 'sorted-desc') : '';
      h.push('<th data-key="' + c.key + '" class="' + cls + '">' + esc(c.label) + '</th>');
    });
    h.push('</tr></thead><tbody>');
    var n = Math.min(T.shown.length, T.limit);
    for (var i = 0; i < n; i++) {
      var r = T.shown[i];
      h.push('<tr data-id="' + esc(r.id) + '">');
      cols.forEach(function (c) { h.push('<td' + (c.num ? ' class="num"' : '') + '>' + c.html(r) + '</td>'); });
      h.push('</tr>');
    }
    h.push('</tbody></table>');
    if (T.shown.length > n) {
      h.push('<p><button id="show-all">show all ' + T.shown.length + ' rows</button> (the first ' + n
        + ' are shown)</p>');
    }
    wrap.innerHTML = h.join('');
    var more = document.getElementById('show-all');
    if (more) { more.onclick = function () { T.limit = Infinity; render(); }; }
    Array.prototype.forEach.call(wrap.querySelectorAll('th'), function (th) {
      th.onclick = function () {
        var k = th.dataset.key;
        T.sortDir = T.sortKey === k ? -T.sortDir : 1;
        T.sortKey = k;
        refresh();
      };
    });
  }

  // ---------------------------------------------------------------- one cell's record
  function showCell(id) {
    var c = window.DEEPDUAL_CELLS;
    var i = c.id.indexOf(id);
    var box = document.getElementById('cell-detail');
    if (i < 0) { box.textContent = 'No cell ' + id + ' in cells.js.'; return; }
    var pi = c.path[i];
    var k = PANELS[D.paths.panel[pi]];
    var rows = [['cell_id', id], ['group_id (β path)', D.paths.id[pi]], ['panel', k.title],
      ['L', D.paths.depth[pi]], ['seed', D.paths.seed[pi]], ['β', exact(c.beta[i])], ['status', c.status[i]],
      ['certified', c.certified[i] ? 'yes' : 'no'], ['primal P', exact(c.value[i])], ['dual D', exact(c.dual[i])],
      ['relative gap', exact(c.gap[i])], ['rank W_1', exact(c.rank[i])], ['NC1', exact(c.nc1[i])],
      ['min subspace alignment', exact(c.align[i])], ['baseline excess', exact(c.excess[i])],
      ['solve_ms', exact(c.timeMs[i])], ['iterations', c.iterations[i]], ['reason', c.reason[i] || '—']];
    var figs = k.figures.filter(function (f) {
      return f.file.indexOf('_L' + D.paths.depth[pi] + '.') > 0 || f.file.indexOf('_L' + D.paths.depth[pi] + '_') > 0
        || f.file.indexOf('heat_') === 0;
    });
    var h = ['<b>Cell record</b> — the row of <code>cells/setting=' + esc(k.setting) + '/</code> '
      + '(<a href="../cells/setting=' + esc(k.setting) + '/">partition</a>; all columns: '
      + '<code>spark.read.parquet("OUTPUT/cells").where("cell_id = \'' + esc(id) + '\'")</code>) '
      + '<button id="close-detail">close</button><table>'];
    rows.forEach(function (x) { h.push('<tr><th>' + esc(x[0]) + '</th><td>' + esc(x[1]) + '</td></tr>'); });
    h.push('</table><p>Figures: <a href="#panel-' + esc(k.slug) + '">panel ' + esc(k.title) + '</a>');
    figs.forEach(function (f) {
      h.push(' · <a href="#fig-' + esc(anchor(f.file.replace(/\.png$/, ''))) + '">' + esc(f.title) + '</a>');
    });
    h.push('</p>');
    if (D.violations[id]) {
      h.push('<p class="bad">' + D.violations[id] + ' invariant violation(s): <a href="#cell-' + esc(anchor(id))
        + '">in the violation table</a></p>');
    }
    box.innerHTML = h.join('');
    document.getElementById('close-detail').onclick = function () { box.innerHTML = ''; };
    box.scrollIntoView({block: 'nearest'});
  }
  function route() {
    var h = decodeURIComponent(location.hash || '');
    var m = /^#explore\/(.+)$/.exec(h);
    var p = /^#path\/(.+)$/.exec(h);
    if (m) {
      setView('cells', function () { T.filters = {}; T.search = m[1].toLowerCase(); buildControls(); });
      loadCells(function () { showCell(m[1]); });
    } else if (p) {
      setView('cells', function () { T.filters = {}; T.search = p[1].toLowerCase(); buildControls(); });
    }
  }
  window.addEventListener('hashchange', route);

  // ---------------------------------------------------------------- scales
  function viridis(t) {
    var s = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
    t = Math.max(0, Math.min(1, t)) * (s.length - 1);
    var i = Math.min(s.length - 2, Math.floor(t));
    var f = t - i;
    var c = [0, 1, 2].map(function (j) { return Math.round(s[i][j] + f * (s[i + 1][j] - s[i][j])); });
    return 'rgb(' + c.join(',') + ')';
  }
  function metricOf(key) { return METRICS.filter(function (m) { return m.key === key; })[0]; }
  /** A scale for values of one metric: log10 where the metric spans decades, with its tick values. */
  function scaleFor(metric, values) {
    var v = values.filter(isNum);
    var lo = Math.min.apply(null, v);
    var hi = Math.max.apply(null, v);
    var log = metric.log === 'always' || (metric.log === 'auto' && lo > 0 && hi / lo > 100);
    if (log) {
      var pos = v.map(function (x) { return Math.max(Math.abs(x), LOG_FLOOR); });
      lo = Math.floor(Math.log10(Math.min.apply(null, pos)));
      hi = Math.ceil(Math.log10(Math.max.apply(null, pos)));
      if (metric.log === 'always') { hi = Math.max(hi, lo + 1); }
      if (hi === lo) { hi = lo + 1; }
    } else if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
    var f = function (x) {
      if (!isNum(x)) { return NaN; }
      var y = log ? Math.log10(Math.max(Math.abs(x), LOG_FLOOR)) : x;
      return (y - lo) / (hi - lo);
    };
    var ticks = [];
    if (log) {
      var step = Math.max(1, Math.ceil((hi - lo) / 6));
      for (var e = lo; e <= hi; e += step) { ticks.push({t: (e - lo) / (hi - lo), label: '1e' + e}); }
    } else {
      for (var j = 0; j <= 4; j++) { ticks.push({t: j / 4, label: fmt(lo + j * (hi - lo) / 4)}); }
    }
    return {f: f, log: log, ticks: ticks, lo: lo, hi: hi};
  }

  // ---------------------------------------------------------------- heat map and profiles
  var plotControls = document.getElementById('plot-controls');
  var panelSel = document.createElement('select');
  panelSel.id = 'plot-panel';
  PANELS.forEach(function (k, i) { option(panelSel, String(i), k.title); });
  var metricSel = document.createElement('select');
  metricSel.id = 'plot-metric';
  plotControls.appendChild(labelled('panel', panelSel));
  plotControls.appendChild(labelled('metric', metricSel));
  function fillMetrics() {
    var k = PANELS[+panelSel.value];
    var keep = metricSel.value;
    metricSel.innerHTML = '';
    METRICS.forEach(function (m) {
      if (k && k.points[m.key].some(isNum)) { option(metricSel, m.key, m.label); }
    });
    if (keep && metricSel.querySelector('option[value="' + keep + '"]')) { metricSel.value = keep; }
  }
  panelSel.onchange = function () { fillMetrics(); drawPlots(); };
  metricSel.onchange = drawPlots;

  function pointText(k, i, metric) {
    var p = k.points;
    return 'L = ' + p.depth[i] + ', β = ' + exact(p.beta[i]) + '<br><b>' + esc(metric.label) + ' = '
      + exact(p[metric.key][i]) + '</b><br>' + p.cells[i] + ' cell(s): ' + p.optimal[i] + ' OPTIMAL, '
      + p.bounds[i] + ' BOUNDS, ' + p.failed[i] + ' FAILED; ' + p.certified[i] + ' certified';
  }
  function tipData(k, i, metric) {
    return {panel: k.slug, metric: metric.key, depth: k.points.depth[i], beta: exact(k.points.beta[i]),
      value: exact(k.points[metric.key][i])};
  }
  function drawHeat(k, metric, scale) {
    var host = document.getElementById('heat');
    host.innerHTML = '';
    var nb = k.betas.length;
    var cw = Math.max(6, Math.min(28, Math.floor(560 / Math.max(1, nb))));
    var ch = 26;
    var left = 44;
    var top = 8;
    var w = left + nb * cw + 90;
    var h = top + k.depths.length * ch + 96;
    var s = svg('svg', {width: w, height: h, id: 'heat-svg', role: 'img',
      'aria-label': metric.label + ' over (β, L) — ' + k.title});
    var defs = svg('defs', {});
    var pat = svg('pattern', {id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse',
      patternTransform: 'rotate(45)'});
    pat.appendChild(svg('rect', {width: 6, height: 6, fill: '#fff'}));
    pat.appendChild(svg('line', {x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#999', 'stroke-width': 2}));
    defs.appendChild(pat);
    var grad = svg('linearGradient', {id: 'viridis', x1: 0, y1: 1, x2: 0, y2: 0});
    for (var g = 0; g <= 8; g++) { grad.appendChild(svg('stop', {offset: g / 8, 'stop-color': viridis(g / 8)})); }
    defs.appendChild(grad);
    s.appendChild(defs);
    var at = {};
    k.points.depth.forEach(function (d, i) { at[d + '|' + k.points.beta[i]] = i; });
    k.depths.forEach(function (d, row) {
      var y = top + (k.depths.length - 1 - row) * ch;
      var t = svg('text', {x: left - 6, y: y + ch / 2 + 4, 'text-anchor': 'end'});
      t.textContent = 'L=' + d;
      s.appendChild(t);
      k.betas.forEach(function (b, j) {
        var x = left + j * cw;
        var i = at[d + '|' + b];
        if (i === undefined) {
          var miss = svg('rect', {x: x, y: y, width: cw, height: ch, fill: 'url(#hatch)', 'class': 'missing'});
          miss.dataset.missing = 'L=' + d + ', β=' + exact(b);
          s.appendChild(miss);
          return;
        }
        var v = k.points[metric.key][i];
        var r = svg('rect', {x: x, y: y, width: cw, height: ch, fill: isNum(v) ? viridis(scale.f(v)) : '#bdbdbd',
          stroke: '#fff', 'stroke-width': 0.5, 'class': 'heat-cell'});
        r.dataset.i = i;
        s.appendChild(r);
        var cx = x + cw / 2;
        var cy = y + ch / 2;
        if (k.points.failed[i] > 0) {
          s.appendChild(svg('path', {d: 'M' + (cx - 4) + ',' + (cy - 4) + 'l8,8m0,-8l-8,8', stroke: '#000',
            'stroke-width': 1.5, 'pointer-events': 'none'}));
        } else if (k.points.bounds[i] > 0) {
          s.appendChild(svg('path', {d: 'M' + x + ',' + y + 'h7l-7,7z', fill: '#e69f00', 'pointer-events': 'none'}));
        } else if (k.points.certified[i] > 0 && k.points.certified[i] === k.points.cells[i]) {
          s.appendChild(svg('circle', {cx: cx, cy: cy, r: 1.6, fill: '#fff', stroke: '#000', 'stroke-width': 0.5,
            'pointer-events': 'none'}));
        }
      });
    });
    var base = top + k.depths.length * ch;
    var every = Math.ceil(nb / 8);
    k.betas.forEach(function (b, j) {
      if (j % every !== 0) { return; }
      var x = left + j * cw + cw / 2;
      var t = svg('text', {x: x, y: base + 12, transform: 'rotate(35 ' + x + ' ' + (base + 12) + ')'});
      t.textContent = fmt(b);
      s.appendChild(t);
    });
    var xl = svg('text', {x: left, y: base + 50});
    xl.textContent = 'β (log-spaced columns), L rows; only depths in the grid';
    s.appendChild(xl);
    var ly = svg('text', {x: left, y: base + 66});
    ly.textContent = '× FAILED  ◤ BOUNDS  ○ all certified  grey: undefined  hatched: missing';
    s.appendChild(ly);
    var lx = left + nb * cw + 14;
    var lh = Math.max(60, k.depths.length * ch);
    s.appendChild(svg('rect', {x: lx, y: top, width: 12, height: lh, fill: 'url(#viridis)'}));
    scale.ticks.forEach(function (tk) {
      var t = svg('text', {x: lx + 16, y: top + lh - tk.t * lh + 4});
      t.textContent = tk.label;
      s.appendChild(t);
    });
    var sl = svg('text', {x: lx, y: top + lh + 14});
    sl.textContent = scale.log ? 'log scale' : 'linear';
    s.appendChild(sl);
    s.addEventListener('mousemove', function (ev) {
      var e = ev.target;
      if (e.dataset && e.dataset.i !== undefined) {
        var i = +e.dataset.i;
        showTip(ev, pointText(k, i, metric), tipData(k, i, metric));
      } else if (e.dataset && e.dataset.missing) {
        showTip(ev, 'missing: no cell at ' + esc(e.dataset.missing), {missing: e.dataset.missing});
      } else {
        hideTip();
      }
    });
    s.addEventListener('mouseleave', hideTip);
    s.addEventListener('click', function (ev) {
      var e = ev.target;
      if (e.dataset && e.dataset.i !== undefined) {
        T.filters = {setting: k.setting, data: k.data, depth: String(k.points.depth[+e.dataset.i])};
        if (k.variant) { T.filters.variant = k.variant; }
        if (k.t) { T.filters.t = k.t; }
        T.filters.objective = k.objective;
        buildControls();
        refresh();
        document.getElementById('table-title').scrollIntoView();
      }
    });
    host.appendChild(s);
  }
  function marker(shape, x, y, r, colour, hollow) {
    var fill = hollow ? '#fff' : colour;
    var a = {stroke: colour, 'stroke-width': 1.3, fill: fill};
    var d;
    switch (shape) {
      case 'circle': a.cx = x; a.cy = y; a.r = r; return svg('circle', a);
      case 'square': d = 'M' + (x - r) + ',' + (y - r) + 'h' + 2 * r + 'v' + 2 * r + 'h' + -2 * r + 'z'; break;
      case 'triangle': d = 'M' + x + ',' + (y - r - 1) + 'l' + (r + 1) + ',' + (2 * r + 1) + 'h' + (-2 * r - 2) + 'z';
        break;
      case 'down': d = 'M' + x + ',' + (y + r + 1) + 'l' + (r + 1) + ',' + (-2 * r - 1) + 'h' + (-2 * r - 2) + 'z';
        break;
      case 'diamond': d = 'M' + x + ',' + (y - r - 1) + 'l' + (r + 1) + ',' + (r + 1) + 'l' + (-r - 1) + ',' + (r + 1)
        + 'l' + (-r - 1) + ',' + (-r - 1) + 'z'; break;
      case 'plus': d = 'M' + (x - r) + ',' + y + 'h' + 2 * r + 'M' + x + ',' + (y - r) + 'v' + 2 * r; a.fill = 'none';
        a['stroke-width'] = 2; break;
      case 'star': d = 'M' + (x - r) + ',' + y + 'h' + 2 * r + 'M' + x + ',' + (y - r) + 'v' + 2 * r + 'M' + (x - r)
        + ',' + (y - r) + 'l' + 2 * r + ',' + 2 * r + 'M' + (x + r) + ',' + (y - r) + 'l' + -2 * r + ',' + 2 * r;
        a.fill = 'none'; break;
      default: d = 'M' + (x - r) + ',' + (y - r) + 'l' + 2 * r + ',' + 2 * r + 'M' + (x + r) + ',' + (y - r) + 'l'
        + -2 * r + ',' + 2 * r; a.fill = 'none'; a['stroke-width'] = 2;
    }
    a.d = d;
    return svg('path', a);
  }
  function drawLines(k, metric, scale) {
    var host = document.getElementById('lines');
    host.innerHTML = '';
    var w = 560;
    var h = 300;
    var m = {l: 62, r: 10, t: 10, b: 40};
    var lb = k.betas.filter(function (b) { return b > 0; }).map(Math.log10);
    var xlo = Math.min.apply(null, lb);
    var xhi = Math.max.apply(null, lb);
    if (xhi === xlo) { xlo -= 0.5; xhi += 0.5; }
    var X = function (b) { return m.l + (Math.log10(b) - xlo) / (xhi - xlo) * (w - m.l - m.r); };
    var Y = function (v) { return m.t + (1 - scale.f(v)) * (h - m.t - m.b); };
    var s = svg('svg', {width: w, height: h + 22 * Math.ceil(k.depths.length / 4) + 22, id: 'lines-svg', role: 'img',
      'aria-label': metric.label + ' against β — ' + k.title});
    s.appendChild(svg('rect', {x: m.l, y: m.t, width: w - m.l - m.r, height: h - m.t - m.b, fill: 'none',
      stroke: '#999'}));
    scale.ticks.forEach(function (tk) {
      var y = m.t + (1 - tk.t) * (h - m.t - m.b);
      s.appendChild(svg('line', {x1: m.l, x2: w - m.r, y1: y, y2: y, stroke: '#eee'}));
      var t = svg('text', {x: m.l - 4, y: y + 4, 'text-anchor': 'end'});
      t.textContent = tk.label;
      s.appendChild(t);
    });
    for (var e = Math.ceil(xlo); e <= Math.floor(xhi); e++) {
      var x = X(Math.pow(10, e));
      s.appendChild(svg('line', {x1: x, x2: x, y1: m.t, y2: h - m.b, stroke: '#eee'}));
      var t = svg('text', {x: x, y: h - m.b + 14, 'text-anchor': 'middle'});
      t.textContent = '1e' + e;
      s.appendChild(t);
    }
    var xl = svg('text', {x: (w + m.l) / 2, y: h - 6, 'text-anchor': 'middle'});
    xl.textContent = 'β (log scale)';
    s.appendChild(xl);
    var yl = svg('text', {x: 12, y: m.t + 4, transform: 'rotate(90 12 ' + (m.t + 4) + ')'});
    yl.textContent = metric.key + (scale.log ? ' (log scale)' : '');
    s.appendChild(yl);
    var pts = [];
    k.depths.forEach(function (d, si) {
      var colour = PALETTE[si % PALETTE.length];
      var idx = [];
      k.points.depth.forEach(function (pd, i) {
        if (pd === d && k.points.beta[i] > 0) { idx.push(i); }
      });
      idx.sort(function (a, b) { return k.points.beta[a] - k.points.beta[b]; });
      var path = '';
      idx.forEach(function (i) {
        var v = k.points[metric.key][i];
        if (!isNum(v)) { path += ' '; return; }
        path += (path === '' || path.slice(-1) === ' ' ? 'M' : 'L') + X(k.points.beta[i]).toFixed(1) + ','
          + Y(v).toFixed(1);
      });
      s.appendChild(svg('path', {d: path.replace(/ /g, ''), fill: 'none', stroke: colour, 'stroke-width': 1.6,
        'stroke-dasharray': DASHES[si % DASHES.length]}));
      idx.forEach(function (i) {
        var v = k.points[metric.key][i];
        var px = X(k.points.beta[i]);
        if (k.points.failed[i] === k.points.cells[i]) {
          s.appendChild(marker('cross', px, h - m.b - 6, 4, '#b3261e', false));
          pts.push({x: px, y: h - m.b - 6, i: i});
          return;
        }
        if (!isNum(v)) { return; }
        var py = Y(v);
        s.appendChild(marker(k.points.failed[i] > 0 ? 'cross' : MARKERS[si % MARKERS.length], px, py, 3, colour,
          k.points.bounds[i] > 0 || k.points.certified[i] < k.points.cells[i] - k.points.failed[i]));
        pts.push({x: px, y: py, i: i});
      });
      var lx = m.l + (si % 4) * 120;
      var ly = h + 16 + Math.floor(si / 4) * 22;
      s.appendChild(svg('line', {x1: lx, x2: lx + 30, y1: ly - 4, y2: ly - 4, stroke: colour, 'stroke-width': 1.6,
        'stroke-dasharray': DASHES[si % DASHES.length]}));
      s.appendChild(marker(MARKERS[si % MARKERS.length], lx + 15, ly - 4, 3, colour, false));
      var lt = svg('text', {x: lx + 36, y: ly});
      lt.textContent = 'L = ' + d;
      s.appendChild(lt);
    });
    var note = svg('text', {x: m.l, y: h + 16 + Math.ceil(k.depths.length / 4) * 22});
    note.textContent = 'filled: certified · hollow: BOUNDS or uncertified · ×: FAILED';
    s.appendChild(note);
    s.addEventListener('mousemove', function (ev) {
      var b = s.getBoundingClientRect();
      var x = ev.clientX - b.left;
      var y = ev.clientY - b.top;
      var best = null;
      var bd = 144;
      pts.forEach(function (p) {
        var dd = (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y);
        if (dd < bd) { bd = dd; best = p; }
      });
      if (best) { showTip(ev, pointText(k, best.i, metric), tipData(k, best.i, metric)); } else { hideTip(); }
    });
    s.addEventListener('mouseleave', hideTip);
    host.appendChild(s);
  }
  function drawPlots() {
    var k = PANELS[+panelSel.value];
    if (!k) { return; }
    var metric = metricOf(metricSel.value) || METRICS[0];
    var scale = scaleFor(metric, k.points[metric.key]);
    drawHeat(k, metric, scale);
    drawLines(k, metric, scale);
  }

  // ---------------------------------------------------------------- parallel coordinates
  var AXES = [
    {key: 'logBeta', label: 'log10 β', log: 'never'}, {key: 'depth', label: 'L', log: 'never'},
    {key: 'value', label: 'value P', log: 'auto'}, {key: 'gap', label: 'rel. gap', log: 'always'},
    {key: 'rank', label: 'rank W_1', log: 'never'}, {key: 'nc1', label: 'NC1', log: 'always'},
    {key: 'align', label: 'min alignment', log: 'never'}, {key: 'timeMs', label: 'solve ms', log: 'auto'}];
  var brushes = {};
  function drawParallel() {
    var host = document.getElementById('parcoords');
    host.innerHTML = '';
    var keep = PANELS.map(function (k) {
      var f = T.filters;
      return ['setting', 'variant', 'data', 'objective', 't', 'width'].every(function (p) {
        return !(p in f) || String(k[p]) === f[p];
      });
    });
    var lines = [];
    PANELS.forEach(function (k, pi) {
      if (!keep[pi]) { return; }
      var p = k.points;
      for (var i = 0; i < p.depth.length; i++) {
        if ('depth' in T.filters && String(p.depth[i]) !== T.filters.depth) { continue; }
        lines.push({panel: pi, i: i, logBeta: p.beta[i] > 0 ? Math.log10(p.beta[i]) : null, depth: p.depth[i],
          value: p.value[i], gap: p.gap[i], rank: p.rank[i], nc1: p.nc1[i], align: p.align[i],
          timeMs: p.timeMs[i]});
      }
    });
    var w = Math.max(720, Math.min(1300, host.clientWidth || 1000));
    var h = 300;
    var m = {l: 40, r: 40, t: 26, b: 34};
    var s = svg('svg', {width: w, height: h + 20, id: 'parcoords-svg'});
    var scales = AXES.map(function (a) {
      return scaleFor(a, lines.map(function (l) { return l[a.key]; }));
    });
    var ax = function (j) { return m.l + j * (w - m.l - m.r) / (AXES.length - 1); };
    var yOf = function (j, v) {
      var t = scales[j].f(v);
      return isNaN(t) ? h - 8 : m.t + (1 - t) * (h - m.t - m.b);
    };
    var settings = [];
    PANELS.forEach(function (k) { if (settings.indexOf(k.setting) < 0) { settings.push(k.setting); } });
    var g = svg('g', {fill: 'none', 'stroke-width': 1});
    lines.forEach(function (l) {
      var d = AXES.map(function (a, j) { return (j ? 'L' : 'M') + ax(j).toFixed(1) + ',' + yOf(j, l[a.key]).toFixed(1); });
      var inside = AXES.every(function (a, j) {
        var b = brushes[a.key];
        if (!b) { return true; }
        var y = yOf(j, l[a.key]);
        return y >= b[0] && y <= b[1];
      });
      var pth = svg('path', {d: d.join(''), stroke: inside ? PALETTE[settings.indexOf(PANELS[l.panel].setting)
        % PALETTE.length] : '#ddd', 'stroke-opacity': inside ? 0.55 : 0.4});
      pth.dataset.panel = l.panel;
      pth.dataset.i = l.i;
      g.appendChild(pth);
    });
    s.appendChild(g);
    AXES.forEach(function (a, j) {
      var x = ax(j);
      s.appendChild(svg('line', {x1: x, x2: x, y1: m.t, y2: h - m.b, stroke: '#333'}));
      var t = svg('text', {x: x, y: 14, 'text-anchor': 'middle'});
      t.textContent = a.label + (scales[j].log ? ' (log)' : '');
      s.appendChild(t);
      scales[j].ticks.forEach(function (tk) {
        var tt = svg('text', {x: x + 3, y: m.t + (1 - tk.t) * (h - m.t - m.b) + 4, style: 'font-size:9px'});
        tt.textContent = tk.label;
        s.appendChild(tt);
      });
      var na = svg('text', {x: x + 3, y: h - 4, style: 'font-size:9px'});
      na.textContent = 'n/a';
      s.appendChild(na);
      if (brushes[a.key]) {
        s.appendChild(svg('rect', {x: x - 6, y: brushes[a.key][0], width: 12,
          height: brushes[a.key][1] - brushes[a.key][0], fill: '#0072b2', 'fill-opacity': 0.25, stroke: '#0072b2'}));
      }
      var hit = svg('rect', {x: x - 10, y: m.t - 4, width: 20, height: h - m.t, fill: 'transparent',
        style: 'cursor:ns-resize'});
      hit.addEventListener('mousedown', function (ev) {
        ev.preventDefault();
        var top = s.getBoundingClientRect().top;
        var y0 = ev.clientY - top;
        var up = function (e2) {
          window.removeEventListener('mouseup', up);
          var y1 = e2.clientY - top;
          if (Math.abs(y1 - y0) < 3) { delete brushes[a.key]; } else { brushes[a.key] = [Math.min(y0, y1), Math.max(y0, y1)]; }
          drawParallel();
        };
        window.addEventListener('mouseup', up);
      });
      s.appendChild(hit);
    });
    var legend = svg('text', {x: m.l, y: h + 14});
    legend.innerHTML = settings.map(function (st, i) {
      return '<tspan fill="' + PALETTE[i % PALETTE.length] + '">■ ' + esc(st) + '</tspan>';
    }).join('  ') + '  (' + lines.length + ' lines)';
    s.appendChild(legend);
    g.addEventListener('mousemove', function (ev) {
      var e = ev.target;
      if (e.dataset && e.dataset.i !== undefined) {
        var k = PANELS[+e.dataset.panel];
        var i = +e.dataset.i;
        showTip(ev, esc(k.title) + '<br>' + pointText(k, i, METRICS[0]) + '<br>gap ' + exact(k.points.gap[i])
          + ', rank ' + exact(k.points.rank[i]) + ', NC1 ' + exact(k.points.nc1[i]) + ', alignment '
          + exact(k.points.align[i]) + ', solve ms ' + exact(k.points.timeMs[i]), {panel: k.slug});
      }
    });
    g.addEventListener('mouseleave', hideTip);
    host.appendChild(s);
  }

  // ---------------------------------------------------------------- start
  buildControls();
  refresh();
  fillMetrics();
  drawPlots();
  drawParallel();
  statusLine.textContent = summaryText();
  route();
  if (window.performance && performance.mark) { performance.mark('explorer-rendered'); }
  document.body.dataset.explorerReady = '1';
}());
