// Cells of the app's grids drawn as plain elements (dash-ag-grid's markdown renderer parses every
// cell's text as Markdown: on Rankings it took more time than drawing the rest of the rows).
// PlaceLink: the place's name, linked to its Place page (the row's href); a row the grid has not
// received yet is empty.
(function () {
    var cells = window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {};
    cells.PlaceLink = function (props) {
        return props.data ? React.createElement("a", {href: props.data.href}, props.value) : null;
    };
})();
