// A part of a page drawn when it comes near the screen, not with the page (components.drawn_near_screen):
// the Place page has twenty charts and more, each costs the browser about 0.1 s,
// and most are below the first screen; its table of reports, at the bottom, is hundreds of
// components. An empty place holding its component's JSON (data-component) is given it as its
// children once it is within MARGIN of the screen; a place that already holds it (a tab shown
// again) is left alone.
(function () {
    var MARGIN = "200px";
    var SLOTS = ".lazy-section[data-component]";
    var watched = new WeakSet();
    var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (!entry.isIntersecting) { return; }
            observer.unobserve(entry.target);
            window.dash_clientside.set_props(entry.target.id, {children: JSON.parse(entry.target.dataset.component)});
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
