/* lifemetrics dashboards: draw each chart from its embedded JSON as it nears the screen; switch time classes. */
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false };
  var nearScreen = "IntersectionObserver" in window
    ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            nearScreen.unobserve(entry.target);
            draw(entry.target);
          }
        });
      }, { rootMargin: "600px 0px" })
    : null;

  function draw(element) {
    if (element.getAttribute("data-drawn") || typeof Plotly === "undefined") return;
    var figure = JSON.parse(document.getElementById(element.getAttribute("data-figure")).textContent);
    element.setAttribute("data-drawn", "pending");
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.setAttribute("data-drawn", "true");
    });
  }

  /* Charts on screen (or close to it) are drawn now, the others when scrolled near: long histories stay quick. */
  function drawWhenNear() {
    var charts = document.querySelectorAll(".chart[data-figure]:not([data-drawn])");
    for (var i = 0; i < charts.length; i++) {
      if (charts[i].offsetParent === null) continue;
      if (nearScreen) nearScreen.observe(charts[i]);
      else draw(charts[i]);
    }
  }

  function select(timeClass) {
    var tabs = document.querySelectorAll("[data-time-class]");
    var known = false;
    for (var i = 0; i < tabs.length; i++) {
      if (tabs[i].getAttribute("data-time-class") === timeClass) known = true;
    }
    if (!known) return;
    for (var j = 0; j < tabs.length; j++) {
      tabs[j].setAttribute("aria-selected", String(tabs[j].getAttribute("data-time-class") === timeClass));
    }
    var panels = document.querySelectorAll("[data-time-class-panel]");
    for (var k = 0; k < panels.length; k++) {
      panels[k].hidden = panels[k].getAttribute("data-time-class-panel") !== timeClass;
    }
    drawWhenNear();
  }

  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-time-class]");
    if (!tab) return;
    var timeClass = tab.getAttribute("data-time-class");
    select(timeClass);
    try {
      history.replaceState(null, "", "#" + timeClass);
    } catch (ignored) {
      /* some browsers refuse history changes on file:// pages; the switch works without it */
    }
  });

  if (location.hash.length > 1) select(decodeURIComponent(location.hash.slice(1)));
  drawWhenNear();
})();
