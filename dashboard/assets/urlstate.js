// Write a page's filters into the address bar without a reload (see components.register_url_sync),
// and carry the filters a move between pages keeps (body, metric, places, period …) to the links of
// the navigation bar. What was carried is kept for the browser tab (sessionStorage), so that places
// chosen on Compare come back there after a visit to Rankings, which has no places.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urlstate: {
        replace: function (search, pages) {
            var noUpdate = window.dash_clientside.no_update;
            if (typeof search !== "string" || !Array.isArray(pages)) {
                return [noUpdate].concat(pages ? pages.map(function () { return [noUpdate, noUpdate]; }).flat() : []);
            }
            if (window.location.search !== search) {
                window.history.replaceState(window.history.state, "", window.location.pathname + search);
            }
            var kept = {};
            try { kept = JSON.parse(window.sessionStorage.getItem("carried") || "{}"); } catch (e) { kept = {}; }
            var here = pages.find(function (p) { return p.path === window.location.pathname; });
            var current = new URLSearchParams(search);
            if (here) {   // what this page takes is what it now shows: set, or dropped where left at its default
                here.params.forEach(function (name) {
                    if (current.has(name)) { kept[name] = current.get(name); } else { delete kept[name]; }
                });
                // the Data page names the body in its metric ("npc_sc/sessions") where it shows both bodies
                if (kept.metric && kept.metric.indexOf("/") > 0) {
                    var parts = kept.metric.split("/");
                    kept.body = parts[0];
                    kept.metric = parts[1];
                }
            }
            try { window.sessionStorage.setItem("carried", JSON.stringify(kept)); } catch (e) { /* private mode */ }
            var links = [];
            pages.forEach(function (page) {
                var query = new URLSearchParams();
                page.params.forEach(function (name) { if (kept[name] !== undefined) { query.set(name, kept[name]); } });
                var text = query.toString().replace(/%2C/g, ",").replace(/%3A/g, ":");
                links.push(page.path + (text ? "?" + text : ""), page.path === window.location.pathname);
            });
            return [noUpdate].concat(links);
        },
        // the filters' query string and the open evidence's part of it (show=…), written apart
        joined: function (search, shown, pages) {
            var both = typeof search === "string" && shown ? (search ? search + "&" : "?") + shown : search;
            return window.dash_clientside.urlstate.replace(both, pages);
        }
    }
});
