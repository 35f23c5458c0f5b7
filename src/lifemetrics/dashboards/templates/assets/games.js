/* lifemetrics games page: filter the embedded games (form fields mirrored in the address's #hash) and draw them in pages. */
(function () {
  "use strict";
  var FIRST_ROWS = 100, MORE_ROWS = 200;
  var data = JSON.parse(document.getElementById("games-data").textContent);
  var columns = data.columns, values = data.values;
  var count = columns.game_date.length;
  var form = document.getElementById("game-filters");
  var body = document.querySelector("#games-table tbody");
  var more = document.getElementById("more-games");
  var summary = document.getElementById("games-summary");
  var matching = [], shown = 0;

  function text(column, i) {
    var position = columns[column][i];
    return position === null ? null : values[column][position];
  }

  function filters() {
    var values = {};
    var fields = form.elements;
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].name && fields[i].value) values[fields[i].name] = fields[i].value;
    }
    return values;
  }

  function matches(i, f) {
    var day = columns.game_date[i];
    if (f.from && day < f.from) return false;
    if (f.to && day > f.to) return false;
    if (f.time_class && text("time_class", i) !== f.time_class) return false;
    if (f.rated && String(columns.rated[i] ? 1 : 0) !== f.rated) return false;
    if (f.color && text("my_color", i) !== f.color) return false;
    if (f.result && text("my_result", i) !== f.result) return false;
    if (f.family && text("opening_family", i) !== f.family) return false;
    if (f.opponent && (text("opponent_username", i) || "").toLowerCase().indexOf(f.opponent.toLowerCase()) < 0) return false;
    return true;
  }

  function cell(row, value, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    if (value !== null && typeof value === "object") td.appendChild(value);
    else td.textContent = value === null || value === undefined ? "–" : value;
    row.appendChild(td);
    return td;
  }

  function opening(i) {
    var family = text("opening_family", i), name = text("opening_name", i);
    var rules = text("rules", i);
    if (!family) return rules && rules !== "chess" ? rules : null;
    var rest = name && name.indexOf(":") >= 0 ? name.slice(name.indexOf(":") + 1).trim() : "";
    return rest ? family + ": " + rest : family;
  }

  function accuracy(i) {
    var mine = columns.my_accuracy[i], theirs = columns.opponent_accuracy[i];
    if (mine === null && theirs === null) return null;
    return (mine === null ? "–" : mine.toFixed(1)) + " / " + (theirs === null ? "–" : theirs.toFixed(1));
  }

  function link(i) {
    var url = columns.url[i];
    if (!url) return null;
    var a = document.createElement("a");
    a.href = /^https?:\/\//.test(url) ? url : data.site + url;
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = "View";
    a.setAttribute("aria-label", "Game on chess.com");
    return a;
  }

  function draw(upTo) {
    var fragment = document.createDocumentFragment();
    for (; shown < Math.min(upTo, matching.length); shown++) {
      var i = matching[shown];
      var row = document.createElement("tr");
      var result = text("my_result", i);
      row.className = "result-" + result;
      cell(row, columns.game_date[i]);
      cell(row, (text("time_class", i) || "") + (columns.rated[i] ? "" : " · unrated"));
      cell(row, text("my_color", i));
      cell(row, (text("opponent_username", i) || "?") + " (" + columns.opponent_rating[i] + ")");
      cell(row, result + " · " + (text("end_reason", i) || ""), "result");
      cell(row, opening(i), "opening");
      cell(row, accuracy(i), "number");
      cell(row, link(i));
      fragment.appendChild(row);
    }
    body.appendChild(fragment);
    more.hidden = shown >= matching.length;
    more.textContent = "Show " + Math.min(MORE_ROWS, matching.length - shown) + " more of " + (matching.length - shown).toLocaleString("en");
  }

  function describe() {
    var wins = 0, draws = 0;
    for (var k = 0; k < matching.length; k++) {
      var result = text("my_result", matching[k]);
      if (result === "win") wins++;
      else if (result === "draw") draws++;
    }
    var n = matching.length;
    if (!n) return "No game matches these filters.";
    var score = Math.round(100 * (wins + draws / 2) / n);
    return n.toLocaleString("en") + (n === 1 ? " game" : " games") + " · score " + score + "% · " +
      wins + " won, " + draws + " drawn, " + (n - wins - draws) + " lost";
  }

  function apply() {
    var f = filters();
    matching = [];
    for (var i = 0; i < count; i++) if (matches(i, f)) matching.push(i);
    body.textContent = "";
    shown = 0;
    summary.textContent = describe();
    draw(FIRST_ROWS);
    var hash = Object.keys(f).map(function (k) { return k + "=" + encodeURIComponent(f[k]); }).join("&");
    try {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname);
    } catch (ignored) {
      /* some browsers refuse history changes on file:// pages; the filters work without it */
    }
  }

  function fromHash() {
    var pairs = location.hash.slice(1).split("&");
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf("=");
      if (at < 1) continue;
      var field = form.elements[pairs[i].slice(0, at)];
      if (field) field.value = decodeURIComponent(pairs[i].slice(at + 1).replace(/\+/g, " "));
    }
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  more.addEventListener("click", function () { draw(shown + MORE_ROWS); });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.body.setAttribute("data-games-ready", "true");
})();
