// The upload page (dashboard/pages/upload.py): the files dropped on its dcc.Upload go to the plain
// routes /upload/preview and /upload/add (dashboard/upload_routes.py), not through a callback, whose
// request is held to 1 MB. A file over the size limit is not sent, only named with its size.
(function () {
    function bytesOf(dataUrl) {
        var base64 = dataUrl.slice(dataUrl.indexOf(",") + 1);
        var binary = window.atob(base64);
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
        return bytes;
    }

    function sizeOf(dataUrl) {   // the decoded size, without decoding
        var base64 = dataUrl.slice(dataUrl.indexOf(",") + 1);
        var padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return Math.floor(base64.length * 3 / 4) - padding;
    }

    function form(contents, names, limit, only) {
        var data = new FormData();
        contents.forEach(function (content, i) {
            if (only && only.indexOf(i) < 0) { return; }
            var size = sizeOf(content);
            if (size > limit) {
                data.append("large", JSON.stringify({index: i, name: names[i], size: size}));
                return;
            }
            data.append("index", String(i));
            data.append("file", new Blob([bytesOf(content)]), names[i]);
        });
        return data;
    }

    function post(url, data) {
        return fetch(url, {method: "POST", body: data, credentials: "same-origin", headers: {"X-Upload": "1"}})
            .then(function (response) {
                return response.text().then(function (text) {
                    try { return JSON.parse(text); } catch (e) {
                        return {error: response.status + " " + response.statusText + ": " + text.slice(0, 300)};
                    }
                });
            })
            .catch(function (e) { return {error: "网络错误 · the request failed: " + e}; });
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        upload: {
            preview: function (contents, names, limit) {
                if (!contents || !contents.length) { return window.dash_clientside.no_update; }
                return post("/upload/preview", form(contents, names, limit)).then(function (answer) {
                    answer.batch = Date.now();   // a new preview: the fields and the last result are for it
                    return answer;
                });
            },
            add: function (clicks, contents, names, limit, preview, values, ids) {
                if (!clicks || !contents || !preview || !preview.files) { return window.dash_clientside.no_update; }
                var accepted = preview.files.filter(function (f) { return !f.reason; }).map(function (f) { return f.index; });
                var data = form(contents, names, limit, accepted);
                (ids || []).forEach(function (id, i) { data.append(id.field + "_" + id.file, values[i] || ""); });
                return post("/upload/add", data);
            }
        }
    });
})();
