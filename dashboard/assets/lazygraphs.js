// A chart drawn when it comes near the screen, not with the page (dashboard/pages/place.py,
// drawn_near_screen): the Place page has twenty charts and more, each costs the browser about 0.1 s,
// and most are below the first screen. An empty place holding its chart's component (data-graph)
// is given it as its children once it is within MARGIN of the screen; a place that already holds
// its chart (a tab shown again) is left alone.
(function () {
    var MARGIN = "200px";
    var SLOTS = ".lazy-graph[data-graph]";
    var watched = new WeakSet();
    var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (!entry.isIntersecting) { return; }
            observer.unobserve(entry.target);
            window.dash_clientside.set_props(entry.target.id, {children: JSON.parse(entry.target.dataset.graph)});
        });
    }, {rootMargin: MARGIN});
    function watch() {
        document.querySelectorAll(SLOTS).forEach(function (slot) {
            if (!watched.has(slot) && slot.childElementCount === 0) {
                watched.add(slot);
                observer.observe(slot);
            }
        });
    }
    new MutationObserver(watch).observe(document.documentElement, {childList: true, subtree: true});
})();
