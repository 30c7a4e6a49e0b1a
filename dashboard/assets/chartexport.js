// A chart as a PNG or SVG to publish: plotly's own export (Plotly.toImage) of the chart as drawn,
// with its title, subtitle (metric, body, period, kind), source line (the reports it rests on) and the
// address of the view drawn into the image. The words come from the page's callback
// (components.export_meta); the address is the one in the address bar when the button is pressed.
(function () {
    var EXTRA_TOP = 78;      // px above the chart for the title and subtitle
    var EXTRA_BOTTOM = 52;   // px below it for the source line and the address
    var PNG_SCALE = 2;       // a PNG for print and retina screens

    function escaped(value) {
        return String(value || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }

    function chart(graphId) {
        var holder = document.getElementById(graphId);
        return holder && holder.querySelector(".js-plotly-plot");
    }

    // The figure of the chart `graphId` with room for the words, and the words themselves unless
    // `annotated` is false (the same figure without them: what the tests compare the image with).
    function figure(graphId, meta, address, annotated) {
        var gd = chart(graphId);
        if (!gd || !gd._fullLayout) { return null; }
        var layout = JSON.parse(JSON.stringify(gd.layout));
        var size = gd._fullLayout._size || {};
        var width = gd._fullLayout.width, height = gd._fullLayout.height + EXTRA_TOP + EXTRA_BOTTOM;
        var margin = layout.margin || {};
        var bottom = size.b !== undefined ? size.b : (margin.b || 0);
        layout.margin = Object.assign({}, margin, {t: (size.t !== undefined ? size.t : (margin.t || 0)) + EXTRA_TOP,
                                                   b: bottom + EXTRA_BOTTOM, l: size.l, r: size.r});
        layout.width = width;
        layout.height = height;
        layout.paper_bgcolor = "white";
        layout.annotations = (layout.annotations || []).slice();
        if (annotated !== false) {
            layout.title = {text: "<b>" + escaped(meta.title) + "</b>", x: 0.01, xanchor: "left", xref: "container",
                            y: 1, yanchor: "top", yref: "container", pad: {t: 12, l: 4},
                            font: {size: 19}, subtitle: {text: escaped(meta.subtitle), font: {size: 13}}};
            var foot = {xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 0, yanchor: "top",
                        showarrow: false, align: "left", font: {size: 11, color: "#444"}};
            layout.annotations.push(Object.assign({}, foot, {text: escaped(meta.source), yshift: -(bottom + 6)}));
            layout.annotations.push(Object.assign({}, foot, {text: escaped(address), yshift: -(bottom + 24),
                                                             font: {size: 10, color: "#666"}}));
        } else {
            delete layout.title;
        }
        // a map's world outlines come from the app, as on the page (the policy forbids any other host)
        return {data: gd.data, layout: layout, config: {staticPlot: true, topojsonURL: gd._context.topojsonURL}};
    }

    function image(graphId, meta, format, annotated) {
        var fig = figure(graphId, meta, window.location.href, annotated);
        if (!fig) { return Promise.reject(new Error("no chart " + graphId)); }
        return window.Plotly.toImage(fig, {format: format, width: fig.layout.width, height: fig.layout.height,
                                           scale: format === "png" ? PNG_SCALE : 1});
    }

    function download(format, meta) {
        if (!meta || !meta.graph) { return window.dash_clientside.no_update; }
        window.chartExport.last[meta.graph] = meta;
        image(meta.graph, meta, format, true).then(function (url) {
            var link = document.createElement("a");
            link.href = url;
            link.download = (meta.filename || "chart") + "." + format;
            document.body.appendChild(link);
            link.click();
            link.remove();
        });
        return window.dash_clientside.no_update;
    }

    window.chartExport = {figure: figure, image: image, last: {}};
    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        chartexport: {
            png: function (clicks, meta) { return clicks ? download("png", meta) : window.dash_clientside.no_update; },
            svg: function (clicks, meta) { return clicks ? download("svg", meta) : window.dash_clientside.no_update; }
        }
    });
})();
