// The partnership map's drawing code. It runs inside the map's iframe, where Leaflet is loaded.
//
// Geometry travels once per page: finmap.fetchStore() starts downloading the geometry store
// (every municipality's shape, keyed by code, a static file) as soon as this file has loaded,
// while Leaflet is still loading; finmap.start() draws the grey context from it, under the
// layers and after them. A filter change then sends only which codes each layer holds
// (finmap.view / finmap.layer), and the shapes are looked up here. Every text in the view
// data was HTML-escaped in Python.
window.finmap = (function () {
  var map = null;
  var styles = null;
  var store = null; // Promise of {code: geometry}
  var view = null; // the current view: names, partnerships, counts, memberships, ring radii
  var CONTEXT_PANE = 'finmapContext';
  var LINKED_PANE = 'finmapLinked'; // the highlight: above the shapes and their count badges
  var linkedRenderer = null;
  var frame = null; // fixed for the session: {finland: bounds, labelZoom, fitMaxZoom, focusMaxZoom}
  var shown = null; // the current frame data: {bounds, present, focus: {id, bounds} after a search}
  var fitted = null; // the bounds last fitted (JSON): a new view refits only when they change
  var target = null; // what the map fits again when its frame is resized: {bounds, maxZoom}
  var focused = null; // the last search whose municipality the map zoomed to (frame data `focus`)
  var chosenTip = null; // the chosen city's name on the map (highlight)
  var legendOpen = null; // whether the legend is unfolded; null until first decided
  var legendChosen = false; // the reader folded or unfolded it: no longer decided here
  var fitting = false; // the map moves because of fitTo, not the reader
  var readerMoved = false; // the reader has panned or zoomed since the last fit
  var legendControl = null;
  var wholeButton = null;
  var badgeMarkers = [];
  var labelTips = [];
  var pendingLabels = null; // this view's labels, made once they can show: {group, codes, data}

  keepPageStill();

  function afterNextFrame(callback) {
    requestAnimationFrame(function () { setTimeout(callback, 0); });
  }

  // On a phone's frame a tap's tooltip covered a third of Finland (315x118 px, 81 % of the
  // map's width): in the app's page it says the name and the count only, as the tap opens the
  // details under the map (the map taken away as a file has no details: its tooltips list all).
  var COMPACT_TIP_WIDTH = 640;

  function tooltip(code, data) {
    var pids = data.memberships[code] || [];
    if (map && window.frameElement && map.getSize().x <= COMPACT_TIP_WIDTH) {
      return data.names[code] + '<br>' + data.counts[pids.length].replace(/:\s*$/, '');
    }
    var lines = [data.names[code], data.counts[pids.length]];
    var marks = (data.marks && data.marks[code]) || {}; // " (Planned, date not given)", escaped
    pids.forEach(function (pid) { lines.push('&bull; ' + data.partnerships[pid] + (marks[pid] || '')); });
    return lines.join('<br>');
  }

  function style(layer, code, isPoint, data) {
    // A membership whose status is not known on the view's day: paler, dashed (styles.notKnown).
    var notKnown = ((data.notKnown && data.notKnown[code]) || []).indexOf(layer.id) >= 0 ? styles.notKnown : {};
    if (!isPoint) {
      return Object.assign({}, styles.polygon, {color: layer.line, fillColor: layer.colour}, notKnown);
    }
    // A city in several shown partnerships: one ring per partnership, the first drawn largest;
    // the radii come with the view (components/model/map.py), as for the slide picture.
    var radius = data.rings[code][data.memberships[code].indexOf(layer.id)];
    return Object.assign({}, styles.point, {color: layer.line, fillColor: layer.colour, radius: radius}, notKnown);
  }

  // Points mode: Finland's outline (one shape) in the context's pane, grey like the context, so
  // the city points lie on Finland and not on nothing when the boundaries are not available.
  function drawOutline(outline) {
    if (!outline) { return; }
    L.geoJson(outline, {interactive: false, pane: CONTEXT_PANE, renderer: L.svg({pane: CONTEXT_PANE}),
                        className: 'finmap-outline', style: styles.outline}).addTo(map);
  }

  // Streamlit's page keeps <html lang="en"> and names this frame after the component; the
  // page language and the map's own name are known here, with every view.
  function labelPage(page) {
    try {
      window.parent.document.documentElement.lang = page.lang;
      var skip = window.parent.document.querySelector('[data-testid="stSkipToContent"]');
      if (skip) { skip.textContent = page.skip; }
      if (window.frameElement) {
        window.frameElement.title = page.label;
        window.frameElement.setAttribute('aria-label', page.label);
      }
    } catch (error) { /* not embedded in the app's own page */ }
  }

  // A session's first page is the heading and this map (components/page/first_run.py): once the
  // layers are drawn, press the page's hidden button for the rest. Only that page has it.
  function askForRest(selector) {
    try {
      var button = selector && window.parent.document.querySelector(selector);
      if (button) { button.click(); }
    } catch (error) { /* not embedded in the app's own page */ }
  }

  // ------------------------------------------------------------------ clicks that land, room to see

  // A focus inside this frame scrolls the page around the frame to show it: Leaflet focuses the
  // map on every press (for its keyboard handler), the page jumps under the pointer and the click
  // lands elsewhere or nowhere. Focus in this frame never scrolls.
  function keepPageStill() {
    [window.HTMLElement, window.SVGElement].forEach(function (kind) {
      var focus = kind.prototype.focus;
      kind.prototype.focus = function (options) {
        return focus.call(this, Object.assign({}, options, {preventScroll: true}));
      };
    });
  }

  // A tap opens a shape's tooltip, and on a touch screen no pointer moves off the shape to close
  // it: the next press anywhere else, in the map or on the page around it, closes it.
  function closeTooltips() {
    if (!map) { return; }
    map.eachLayer(function (layer) {
      if (layer.feature && layer.getTooltip && layer.getTooltip() && layer.isTooltipOpen()) { layer.closeTooltip(); }
    });
  }

  function closeTooltipsOnPressElsewhere() {
    document.addEventListener('pointerdown', function (event) {
      var onShape = event.target.closest && event.target.closest('path.leaflet-interactive');
      if (!onShape) { closeTooltips(); }
    }, true);
    try {
      var page = window.parent.document;
      if (page === document) { return; }
      page.addEventListener('pointerdown', closeTooltips, true);
      window.addEventListener('pagehide', function () { page.removeEventListener('pointerdown', closeTooltips, true); });
    } catch (error) { /* not embedded in the app's own page */ }
  }

  // A tooltip that would reach past the frame's edge is moved back inside it.
  function keepInside(tip) {
    var element = tip && tip.getElement && tip.getElement();
    if (!element || !map) { return; }
    var box = element.getBoundingClientRect();
    var edge = map.getContainer().getBoundingClientRect();
    var margin = 4;
    var dx = Math.max(0, edge.left + margin - box.left) - Math.max(0, box.right - edge.right + margin);
    var dy = Math.max(0, edge.top + margin - box.top) - Math.max(0, box.bottom - edge.bottom + margin);
    if (dx || dy) { L.DomUtil.setPosition(element, L.DomUtil.getPosition(element).add([dx, dy])); }
  }

  function showLegend(open) {
    legendOpen = open;
    if (!legendControl) { return; }
    var container = legendControl.getContainer();
    container.classList.toggle('finmap-legend-closed', !open);
    var button = container.querySelector('.finmap-legend-toggle');
    if (button) { button.setAttribute('aria-expanded', open ? 'true' : 'false'); }
  }

  function addWholeCountryButton() {
    var Whole = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var bar = L.DomUtil.create('div', 'leaflet-bar finmap-whole-bar');
        wholeButton = L.DomUtil.create('button', 'finmap-whole', bar);
        wholeButton.type = 'button';
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(wholeButton, 'click', function () { fitTarget(frame.finland, frame.fitMaxZoom); });
        return bar;
      }
    });
    new Whole().addTo(map);
  }

  // Leaflet's stylesheet loads after the first drawing: until it applies, the controls lie
  // below the map instead of in its corners, and cannot be measured.
  function whenStyled(callback, frames) {
    var corner = map.getContainer().querySelector('.leaflet-top');
    if ((corner && getComputedStyle(corner).position === 'absolute') || frames > 300) { callback(); return; }
    requestAnimationFrame(function () { whenStyled(callback, frames + 1); });
  }

  // How far each corner's controls reach into the map, in px: {topleft: [width, height], ...}.
  function cornerReach() {
    var edge = map.getContainer().getBoundingClientRect();
    var reach = {};
    ['topleft', 'topright', 'bottomleft', 'bottomright'].forEach(function (corner) {
      var top = corner.indexOf('top') === 0, left = corner.indexOf('left') > 0;
      var selector = '.leaflet-' + (top ? 'top' : 'bottom') + '.leaflet-' + (left ? 'left' : 'right') + ' > .leaflet-control';
      var width = 0, height = 0;
      map.getContainer().querySelectorAll(selector).forEach(function (control) {
        var box = control.getBoundingClientRect();
        if (!box.width || !box.height) { return; }
        width = Math.max(width, left ? box.right - edge.left : edge.right - box.left);
        height = Math.max(height, top ? box.bottom - edge.top : edge.bottom - box.top);
      });
      reach[corner] = [width, height];
    });
    return reach;
  }

  // The fit that keeps the bounds clear of every corner's controls, each corner avoided either
  // from the side or from above/below, whichever of the 16 choices leaves the largest map.
  function bestFit(bounds) {
    var reach = cornerReach();
    var corners = Object.keys(reach);
    var margin = 12; // half a badge and a little air
    var best = null;
    for (var choice = 0; choice < 16; choice++) {
      var pad = {top: 0, bottom: 0, left: 0, right: 0};
      corners.forEach(function (corner, index) {
        var sideways = (choice >> index) & 1;
        var size = reach[corner];
        if (!size[0]) { return; }
        if (sideways) {
          var side = corner.indexOf('left') > 0 ? 'left' : 'right';
          pad[side] = Math.max(pad[side], size[0]);
        } else {
          var end = corner.indexOf('top') === 0 ? 'top' : 'bottom';
          pad[end] = Math.max(pad[end], size[1]);
        }
      });
      var topLeft = L.point(pad.left + margin, pad.top + margin);
      var bottomRight = L.point(pad.right + margin, pad.bottom + margin);
      var room = map.getSize().subtract(topLeft).subtract(bottomRight);
      if (room.x < 40 || room.y < 40) { continue; } // the controls would leave no map
      var zoom = map.getBoundsZoom(bounds, false, topLeft.add(bottomRight));
      if (!best || zoom > best.zoom) { best = {zoom: zoom, paddingTopLeft: topLeft, paddingBottomRight: bottomRight}; }
    }
    return best;
  }

  function fitTo(bounds, maxZoom) {
    var margin = L.point(12, 12);
    var fit = bestFit(bounds) || {paddingTopLeft: margin, paddingBottomRight: margin};
    fitting = true;
    try {
      map.fitBounds(bounds, {paddingTopLeft: fit.paddingTopLeft, paddingBottomRight: fit.paddingBottomRight,
                             maxZoom: maxZoom || frame.fitMaxZoom, animate: false});
    } finally {
      fitting = false;
    }
    readerMoved = false;
    declutter();
  }

  function fitTarget(bounds, maxZoom) {
    target = {bounds: bounds, maxZoom: maxZoom};
    fitTo(bounds, maxZoom);
  }

  // Fit the shown bounds when they are new, a municipality found with the search when it is a
  // new search (shown.focus), or what was fitted last again when `again` (the frame was resized
  // and the reader has not moved the map since). Until the reader chooses, the legend is folded
  // on a small frame, when presenting (the page shows a large legend beside the map), and
  // wherever unfolded it would cost the shapes more than a quarter zoom step.
  function fitView(again) {
    if (!map || !shown) { return; }
    var key = JSON.stringify(shown.bounds);
    var focus = shown.focus && shown.focus.id !== focused ? shown.focus : null;
    if (!again && key === fitted && !focus) { declutter(); return; }
    if (!legendChosen && legendControl) {
      var small = map.getSize().x <= 640;
      showLegend(true);
      var open = bestFit(shown.bounds);
      showLegend(false);
      var closed = bestFit(shown.bounds);
      showLegend(!small && !shown.present && !!open && (!closed || open.zoom >= closed.zoom - 0.25));
    }
    if (focus) {
      focused = focus.id;
      fitTarget(focus.bounds, frame.focusMaxZoom);
    } else if (again && target) {
      fitTo(target.bounds, target.maxZoom);
    } else {
      fitTarget(shown.bounds, frame.fitMaxZoom);
    }
    fitted = key;
  }

  // Names show when presenting, on a map narrowed to some members (shown.labels), and on the
  // whole country from labelZoom on.
  function labelsWanted() {
    return !!(shown && (shown.present || shown.labels)) || !!(frame && map && map.getZoom() >= frame.labelZoom);
  }

  // Each label is centred on a point of our choosing (direction 'center' and an offset), so
  // declutter() can try the places around its municipality by arithmetic, without moving it.
  function makeLabels() {
    var made = pendingLabels;
    pendingLabels = null;
    var data = made.data;
    labelTips = made.codes.filter(function (code) { return data.points[code]; }).map(function (code, rank) {
      var tip = L.tooltip({permanent: true, interactive: false, className: 'finmap-label', direction: 'center', offset: [0, 0]})
        .setLatLng(data.points[code]).setContent(data.labels[code]);
      tip.finmapRank = rank; // the codes come largest first (components/model/map.py: label_order)
      tip.finmapRings = data.rings[code] || null;
      tip.finmapBadge = !data.rings[code] && (data.memberships[code] || []).length > 1;
      tip.addTo(made.group);
      return tip;
    });
  }

  // Where a label of w x h px may sit, as offsets of its centre from its point: beside a city's
  // outermost ring (right first), below a polygon's count badge (first) or around it, and on a
  // polygon with no badge its point first; then each side slid along, still touching its point,
  // and last the corners. `badge`: a badge's radius in px.
  function labelPlaces(tip, w, h, badge) {
    var gap = 3;
    var reach = tip.finmapRings ? tip.finmapRings[0] : (tip.finmapBadge ? badge : 0);
    var x = reach + gap + w / 2, y = reach + gap + h / 2;
    var sides = tip.finmapRings ? [[x, 0], [-x, 0], [0, y], [0, -y]] : [[0, y], [0, -y], [x, 0], [-x, 0]];
    var places = tip.finmapRings || tip.finmapBadge ? [] : [[0, 0]];
    [0, 1, -1, 2, -2, 3, -3, 4, -4].forEach(function (eighths) {
      var slide = eighths / 8;
      sides.forEach(function (side) {
        places.push(side[0] === 0 ? [slide * w, side[1]] : [side[0], slide * h]);
      });
    });
    return places.concat([[x, y], [x, -y], [-x, y], [-x, -y]]);
  }

  // New badges or labels are placed now, and again once the page has settled: measured while
  // the frame was still being laid out, every label could seem to collide (seen in about one
  // load in five in presentation mode).
  function declutterSoon() {
    declutter();
    declutterWhenSettled();
    setTimeout(declutter, 800);
  }

  function declutterWhenSettled() {
    whenStyled(function () { afterNextFrame(declutter); }, 0);
  }

  function onMap(item) { return item._map && item.getElement(); }

  // Badges and labels that would overlap each other or a control are hidden (the tooltip still
  // names the city and its count); the rest stay. Badges first, higher counts first; then the
  // names, largest municipality first, each in the first place around its point that is free
  // and inside the map. Everything is measured first and moved after: one layout per pass.
  function declutter() {
    if (!map) { return; }
    var showLabels = labelsWanted();
    if (showLabels && pendingLabels) { makeLabels(); }
    var edge = map.getContainer().getBoundingClientRect();
    var taken = [];
    map.getContainer().querySelectorAll('.leaflet-control').forEach(function (control) {
      var box = control.getBoundingClientRect();
      if (box.width && box.height) { taken.push(box); }
    });
    var badges = badgeMarkers.filter(onMap).sort(function (a, b) { return b.finmapWeight - a.finmapWeight; })
      .map(function (marker) { return {element: marker.getElement(), box: marker.getElement().getBoundingClientRect()}; });
    var badge = badges.length ? badges[0].box.width / 2 : 10;
    var labels = labelTips.filter(onMap).sort(function (a, b) { return a.finmapRank - b.finmapRank; })
      .map(function (tip) {
        var element = tip.getElement();
        return {tip: tip, element: element, w: element.offsetWidth, h: element.offsetHeight,
                at: map.latLngToContainerPoint(tip.getLatLng())};
      });
    function apart(box) {
      return function (other) {
        return box.right + 2 <= other.left || box.left >= other.right + 2 ||
               box.bottom + 2 <= other.top || box.top >= other.bottom + 2;
      };
    }
    function free(box) { return taken.every(apart(box)); }
    // Each member's own point (a city's rings): a name keeps clear of the other members' points
    // where it can, so neighbours' names each find a place beside their own.
    labels.forEach(function (item) {
      var reach = item.tip.finmapRings ? item.tip.finmapRings[0] : 2;
      var x = edge.left + item.at.x, y = edge.top + item.at.y;
      item.point = {left: x - reach, top: y - reach, right: x + reach, bottom: y + reach};
    });
    function clearOfPoints(box, own) {
      var away = apart(box);
      return labels.every(function (other) { return other === own || away(other.point); });
    }
    badges.forEach(function (item) {
      item.shown = free(item.box);
      if (item.shown) { taken.push(item.box); }
    });
    // The chosen city's name is never hidden; a member's name that it would cover is, and so is
    // the chosen city's own name label just under its pointer.
    var chosen = chosenTip && chosenTip._map && chosenTip.getElement();
    if (chosen) {
      keepInside(chosenTip);
      var chosenBox = chosen.getBoundingClientRect();
      taken.push({left: chosenBox.left, right: chosenBox.right, top: chosenBox.top, bottom: chosenBox.bottom + 24});
    }
    labels.forEach(function (item) {
      if (!showLabels) { return; }
      // Clear of the other members' points where it can be, else clear of the other names only.
      var places = labelPlaces(item.tip, item.w, item.h, badge);
      [true, false].forEach(function (pointsKept) {
        for (var index = 0; index < places.length && !item.place; index++) {
          var left = edge.left + item.at.x + places[index][0] - Math.round(item.w / 2);
          var top = edge.top + item.at.y + places[index][1] - Math.round(item.h / 2);
          var box = {left: left, top: top, right: left + item.w, bottom: top + item.h};
          var inside = box.left >= edge.left + 2 && box.right <= edge.right - 2 &&
                       box.top >= edge.top + 2 && box.bottom <= edge.bottom - 2;
          if (inside && free(box) && (!pointsKept || clearOfPoints(box, item))) {
            item.place = places[index];
            taken.push(box);
          }
        }
      });
    });
    badges.forEach(function (item) { item.element.classList.toggle('finmap-crowded', !item.shown); });
    labels.forEach(function (item) {
      item.element.classList.toggle('finmap-crowded', !item.place);
      if (!item.place) { return; }
      // As Leaflet places a centred tooltip, so its own moves on a zoom agree with this one.
      item.tip.options.offset = L.point(item.place);
      L.DomUtil.setPosition(item.element, map.latLngToLayerPoint(item.tip.getLatLng())
        .subtract(L.point(item.w / 2, item.h / 2, true)).add(item.tip.options.offset));
    });
  }

  return {
    fetchStore: function (storeUrl) {
      store = fetch(storeUrl).then(function (answer) { return answer.json(); });
    },

    // A page of its own (the HTML download, components/render/html_map.py) carries the store in the
    // page: nothing to fetch, so it opens from disk with no server.
    useStore: function (collection) {
      store = Promise.resolve(collection);
    },

    start: function (leafletMap, mapStyles, frameData) {
      map = leafletMap;
      styles = mapStyles;
      frame = frameData;
      addWholeCountryButton();
      closeTooltipsOnPressElsewhere();
      // The controls show once Leaflet's stylesheet has put them in their corners (MAP_CSS).
      whenStyled(function () { map.getContainer().classList.add('finmap-styled'); }, 0);
      // Metric only: Leaflet's default scale adds miles, foreign to every language of the page.
      L.control.scale({imperial: false}).addTo(map);
      map.on('moveend', declutter); // after a zoom or a pan: what fits in the frame has changed
      map.on('movestart', function () { if (!fitting) { readerMoved = true; } });
      map.on('resize', function () { if (!readerMoved) { fitView(true); } });
      // The grey context lies in its own pane between the tiles (200) and the partnership
      // layers (400), on one canvas: shapes that never take a pointer need no SVG element each.
      map.createPane(CONTEXT_PANE).style.zIndex = 350;
      // The highlight lies over the count badges (markers, 600), under the tooltips (650): on a
      // small municipality a badge would otherwise hide it at the scale of the whole country.
      map.createPane(LINKED_PANE).style.zIndex = 620;
      map.getPane(LINKED_PANE).style.pointerEvents = 'none';
      linkedRenderer = L.svg({pane: LINKED_PANE});
      store = store.then(function (data) {
        drawOutline(data.outline);
        var byCode = {};
        var context = [];
        data.features.forEach(function (feature) {
          byCode[feature.id] = feature.geometry;
          if (feature.properties.context) { context.push(feature); }
        });
        if (context.length) {
          // After the first frame: the partnership layers (chained on this promise) come first.
          afterNextFrame(function () {
            L.geoJson({type: 'FeatureCollection', features: context},
                      {interactive: false, pane: CONTEXT_PANE, renderer: L.canvas({pane: CONTEXT_PANE}),
                       style: styles.context})
              .addTo(map);
          });
        }
        return byCode;
      });
    },

    view: function (data) {
      view = data;
      labelPage(data.page);
      // After the layers' own callbacks on the store (queued in this same render) and a frame.
      store.then(function () { afterNextFrame(function () { askForRest(data.page.rest); }); });
      if (wholeButton) { wholeButton.textContent = data.controls.whole; }
    },

    // What to fit and how to show it; runs after the layer control is in place (a microtask
    // after this script), and refits only when the bounds differ from the last fit.
    frame: function (data) {
      shown = data;
      map.getContainer().classList.toggle('finmap-present', !!data.present);
      Promise.resolve().then(function () { whenStyled(function () { fitView(false); }, 0); });
    },

    // The legend (Leaflet's layer control, made anew with each view): a button folds it away.
    legend: function (control) {
      legendControl = control;
      var container = control.getContainer();
      container.classList.add('finmap-legend');
      var button = L.DomUtil.create('button', 'finmap-legend-toggle', null);
      button.type = 'button';
      button.textContent = view ? view.controls.legend : '';
      container.insertBefore(button, container.firstChild);
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, 'click', function () {
        legendChosen = true;
        showLegend(container.classList.contains('finmap-legend-closed'));
        declutter();
      });
      showLegend(legendOpen === null ? true : legendOpen);
    },

    // Names of the shown members as small permanent labels, the largest municipality first
    // (`codes` come in that order): when presenting or on a narrowed map, else from labelZoom
    // on; declutter() places them where they fit and hides the rest. They are made when they
    // can first show, and a frame after the shapes: Leaflet measures each label as it adds it,
    // one forced layout after another, about 100 ms for the whole country that held back the
    // first drawing of the shapes.
    labels: function (group, codes) {
      var data = view;
      store.then(function () {
        labelTips = [];
        pendingLabels = {group: group, codes: codes, data: data};
        declutterWhenSettled();
        setTimeout(declutter, 800);
      });
    },

    layer: function (group, layer) {
      var data = view;
      store.then(function (byCode) {
        var features = layer.codes.filter(function (code) { return byCode[code]; }).map(function (code) {
          return {type: 'Feature', properties: {municipality_code: code, partnership_id: layer.id}, geometry: byCode[code]};
        });
        L.geoJson({type: 'FeatureCollection', features: features}, {
          style: function (feature) {
            return style(layer, feature.properties.municipality_code, false, data);
          },
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, style(layer, feature.properties.municipality_code, true, data));
          },
          onEachFeature: function (feature, shape) {
            var code = feature.properties.municipality_code;
            var own = feature.geometry.type === 'Point' ? style(layer, code, true, data) : style(layer, code, false, data);
            shape.bindTooltip(tooltip(code, data), {sticky: true, className: 'finmap-tip'});
            // Leaflet listens for focus on each shape (to open its tooltip), and Chromium makes an
            // SVG element with focus listeners focusable: a Tab stop each (132), and a press
            // focuses the shape, which scrolls the page. Without the listeners no shape takes focus.
            shape.on('add', function () {
              var element = shape.getElement && shape.getElement();
              if (element) { L.DomEvent.off(element, 'focus blur'); }
            });
            shape.on('tooltipopen mousemove', function () { keepInside(shape.getTooltip()); });
            shape.on('mouseover', function () { shape.setStyle(styles.hover); });
            shape.on('mouseout', function () { shape.setStyle(own); });
          }
        }).addTo(group);
      });
    },

    // Number badges (not interactive, not in the Tab order) on polygons of overlapping cities.
    // declutter() hides a badge that would overlap another or one of the map's controls.
    badges: function (group, badges) {
      badgeMarkers = badges.map(function (badge) {
        var marker = L.marker([badge[0], badge[1]], {interactive: false, keyboard: false, icon: L.divIcon({
          className: 'finmap-badge-icon', iconSize: [20, 20], iconAnchor: [10, 10],
          html: '<div class="finmap-badge" aria-hidden="true">' + Number(badge[2]) + '</div>'})});
        marker.finmapWeight = 10 + Number(badge[2]);
        marker.addTo(group);
        return marker;
      });
      declutterSoon();
    },

    // Municipalities chosen in the table or the overlap charts (components/page/linked.py): a thick
    // line on a white casing along a polygon's border, or a ring just outside a point's rings;
    // on top of the layers and badges, never taking a pointer (the shapes under it still answer).
    linked: function (group, codes) {
      var data = view;
      store.then(function (byCode) {
        codes.forEach(function (code) {
          if (!byCode[code]) { return; }
          var rings = data && data.rings[code];
          [styles.linkedCasing, styles.linked].forEach(function (line) {
            var options = Object.assign({interactive: false, pane: LINKED_PANE, renderer: linkedRenderer}, line);
            L.geoJson({type: 'Feature', properties: {municipality_code: code, linked: true}, geometry: byCode[code]}, {
              interactive: false,
              pane: LINKED_PANE,
              renderer: linkedRenderer,
              className: line.className,
              style: function () { return options; },
              pointToLayer: function (feature, latlng) {
                var outer = rings ? rings[0] : styles.highlight.radius - line.gap;
                return L.circleMarker(latlng, Object.assign({}, options, {radius: outer + line.gap}));
              }
            }).addTo(group);
          });
        });
      });
    },

    // The chosen city: a dark outline on a white casing, and its name on the map ("Chosen:
    // Mäntsälä") with a pointer on it, so that a press that landed on a neighbour shows at once.
    highlight: function (group, chosen) {
      var code = chosen.code;
      chosenTip = null;
      store.then(function (byCode) {
        if (chosen.label && chosen.point) {
          var point = byCode[code] && byCode[code].type === 'Point';
          chosenTip = L.tooltip({permanent: true, interactive: false, direction: 'top', className: 'finmap-chosen',
                                 offset: [0, point ? -styles.highlight.radius : -12]})
            .setLatLng(chosen.point).setContent(chosen.label);
          chosenTip.addTo(group);
          declutterSoon();
        }
        if (!byCode[code]) { return; }
        // The white casing first, the dark line on it (components/base/colours.py says why).
        [styles.highlightHalo, styles.highlight].forEach(function (line) {
          L.geoJson({type: 'Feature', properties: {}, geometry: byCode[code]}, {
            interactive: false,
            style: function () { return line; },
            pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, Object.assign({interactive: false}, line)); }
          }).addTo(group);
        });
      });
    }
  };
})();
