// Write a page's filters into the address bar without a reload (see components.url_sync).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urlstate: {
        replace: function (search) {
            if (typeof search === "string" && window.location.search !== search) {
                window.history.replaceState(window.history.state, "", window.location.pathname + search);
            }
            return window.dash_clientside.no_update;
        }
    }
});
