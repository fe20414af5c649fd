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
  var view = null; // the current view: names, partnerships, counts, memberships
  var CONTEXT_PANE = 'finmapContext';

  function afterNextFrame(callback) {
    requestAnimationFrame(function () { setTimeout(callback, 0); });
  }

  function tooltip(code, data) {
    var pids = data.memberships[code] || [];
    var lines = [data.names[code], data.counts[pids.length]];
    pids.forEach(function (pid) { lines.push('&bull; ' + data.partnerships[pid]); });
    return lines.join('<br>');
  }

  function style(layer, code, isPoint, data) {
    if (!isPoint) {
      return Object.assign({}, styles.polygon, {color: layer.line, fillColor: layer.colour});
    }
    // A city in several shown partnerships: one ring per partnership, the first drawn largest.
    var pids = data.memberships[code] || [layer.id];
    var ring = pids.length - 1 - pids.indexOf(layer.id);
    return Object.assign({}, styles.point, {color: layer.line, fillColor: layer.colour, radius: styles.point.radius + styles.ringStep * ring});
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

  return {
    fetchStore: function (storeUrl) {
      store = fetch(storeUrl).then(function (answer) { return answer.json(); });
    },

    start: function (leafletMap, mapStyles) {
      map = leafletMap;
      styles = mapStyles;
      // The grey context lies in its own pane between the tiles (200) and the partnership
      // layers (400), on one canvas: shapes that never take a pointer need no SVG element each.
      map.createPane(CONTEXT_PANE).style.zIndex = 350;
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
            shape.bindTooltip(tooltip(code, data), {sticky: true});
            // Out of the Tab order: Chromium would stop on every shape (132 stops).
            shape.on('add', function () {
              var element = shape.getElement && shape.getElement();
              if (element) { element.setAttribute('tabindex', '-1'); }
            });
            shape.on('mouseover', function () { shape.setStyle({weight: 3, fillOpacity: 0.75}); });
            shape.on('mouseout', function () { shape.setStyle(own); });
          }
        }).addTo(group);
      });
    },

    // Number badges (not interactive, not in the Tab order) on polygons of overlapping cities.
    badges: function (group, badges) {
      badges.forEach(function (badge) {
        L.marker([badge[0], badge[1]], {interactive: false, keyboard: false, icon: L.divIcon({
          className: 'finmap-badge-icon', iconSize: [20, 20], iconAnchor: [10, 10],
          html: '<div class="finmap-badge" aria-hidden="true">' + Number(badge[2]) + '</div>'})}).addTo(group);
      });
    },

    highlight: function (group, code) {
      store.then(function (byCode) {
        if (!byCode[code]) { return; }
        // The white casing first, the dark line on it (components/style.py says why).
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
