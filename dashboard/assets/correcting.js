// The text selected in a document's line, for adding a count the extractor missed
// (dashboard/correcting.py). Any element with data-line (and data-column: where its text starts in
// the line, 0 by default) inside an element with data-document-id holds a line of that document's
// text; the last selection made within one such line is kept, since pressing a button may clear it.
// Columns count characters (code points), as Python does.
(function () {
    var last = null;

    function lineOf(node) {
        var element = node && (node.nodeType === 1 ? node : node.parentElement);
        return element ? element.closest("[data-line]") : null;
    }

    function characters(text) { return Array.from(text).length; }

    document.addEventListener("selectionchange", function () {
        var selection = window.getSelection();
        if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
        var range = selection.getRangeAt(0);
        var line = lineOf(range.startContainer);
        var documentOf = line ? line.closest("[data-document-id]") : null;
        if (!line || !documentOf || !line.contains(range.endContainer)) { last = null; return; }
        var before = document.createRange();
        before.selectNodeContents(line);
        before.setEnd(range.startContainer, range.startOffset);
        var text = range.toString();
        last = {document: documentOf.getAttribute("data-document-id"),
                line: parseInt(line.getAttribute("data-line"), 10),
                start: parseInt(line.getAttribute("data-column") || "0", 10) + characters(before.toString()),
                text: text};
    });

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        correcting: {
            selection: function () { return last || {}; },
            reload: function (done) {   // a correction applied: show the page again, from the rebuilt warehouse
                if (done) { window.location.reload(); }
                return "";
            }
        }
    });
})();
