// A place picker's options (components.place_picker): the places it offers are in a store beside it,
// and the picker holds only those it shows — the chosen places and the first SHOWN that match what is
// typed (every word of it, in the name, province, prefecture or adcode). A picker given all 3,000
// places of a national warehouse built a search index of every substring of every one as the page
// was drawn (0.3 s of every first load); a few dozen cost nothing. A place just clicked stays offered
// when the search is cleared: the picker drops a chosen value it does not offer.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    placesearch: {
        SHOWN: 100,
        options: function (search, places, options, value) {
            var self = window.dash_clientside.placesearch;
            var triggered = (window.dash_clientside.callback_context.triggered || []).map(function (t) {
                return t.prop_id.split(".").pop();
            });
            var chosen = new Set(value || []);
            var current = options || [];
            var kept = current.filter(function (o) { return chosen.has(o.value); });
            var words = (search || "").toLowerCase().split(/\s+/).filter(Boolean);
            if (words.length) {
                return self.union(kept, self.matching(places || [], words));
            }
            // a new body's places replace the old ones; otherwise those shown stay (a click's place among them)
            return self.union(triggered.indexOf("data") >= 0 ? kept : current, (places || []).slice(0, self.SHOWN));
        },
        matching: function (places, words) {
            var found = [];
            for (var i = 0; i < places.length && found.length < this.SHOWN; i++) {
                var text = (places[i].label + " " + places[i].value).toLowerCase();
                if (words.every(function (w) { return text.indexOf(w) >= 0; })) { found.push(places[i]); }
            }
            return found;
        },
        union: function (first, second) {
            var seen = new Set(first.map(function (o) { return o.value; }));
            return first.concat(second.filter(function (o) { return !seen.has(o.value) && seen.add(o.value); }));
        }
    }
});
