/*
 * Casebook cost estimator. Plain JavaScript, no framework.
 *
 * Reads the protocols' price data that the cost page embeds in
 * <script type="application/json" id="cb-cost-data"> and shows
 * base + per session x sessions + chosen options, formatted with Intl.NumberFormat.
 * Without JavaScript the form stays hidden and the page's price table remains.
 * Every text taken from the data is set with textContent, never as HTML.
 */
(function () {
  "use strict";

  // The words shown, in the page's language: the cost page writes them into the estimator's
  // data-cb-texts; English where they are missing.
  var TEXTS = {
    range: "({min} to {max})",
    note: "This protocol gives {min} to {max} sessions; the estimate uses {count}.",
    breakdown: "Base {base} + {count} × {per_session}",
    one: "{n} option",
    many: "{n} options",
  };

  function texts(root) {
    var given = {};
    try {
      given = JSON.parse(root.getAttribute("data-cb-texts") || "{}") || {};
    } catch (error) {
      given = {};
    }
    var found = {};
    for (var key in TEXTS) {
      found[key] = typeof given[key] === "string" ? given[key] : TEXTS[key];
    }
    return found;
  }

  // A text with each {name} replaced by values[name], as plain text.
  function filled(text, values) {
    return text.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function formatMoney(amount, currency) {
    var locale = document.documentElement.lang || "en";
    try {
      var options = { style: "currency", currency: currency };
      if (Number.isInteger(amount)) {
        options.minimumFractionDigits = 0;  // $15,000 rather than $15,000.00
        options.maximumFractionDigits = 0;
      }
      return new Intl.NumberFormat(locale, options).format(amount);
    } catch (error) {
      return currency + " " + amount.toFixed(2);
    }
  }

  // Whole cents, so sums of prices such as 0.10 + 0.20 stay exact.
  function cents(amount) {
    return Math.round(amount * 100);
  }

  function clampSessions(value, range) {
    var count = parseInt(value, 10);
    if (isNaN(count)) {
      return range.min;
    }
    return Math.min(Math.max(count, range.min), range.max);
  }

  function total(protocol, sessions, chosen) {
    var sum = cents(protocol.base) + cents(protocol.perSession) * sessions;
    protocol.options.forEach(function (option) {
      if (chosen.indexOf(option.id) !== -1) {
        sum += cents(option.price);
      }
    });
    return sum / 100;
  }

  function optionBoxes(fieldset, protocol) {
    Array.prototype.slice.call(fieldset.querySelectorAll("label")).forEach(function (label) {
      label.remove();
    });
    fieldset.hidden = protocol.options.length === 0;
    protocol.options.forEach(function (option) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "option";
      box.value = option.id;
      label.appendChild(box);
      label.appendChild(
        document.createTextNode(" " + option.name + " (" + formatMoney(option.price, protocol.currency) + ")")
      );
      fieldset.appendChild(label);
    });
  }

  function setUp(root) {
    var data = root.querySelector("#cb-cost-data");
    var select = root.querySelector("#cb-cost-protocol");
    var sessions = root.querySelector("#cb-cost-sessions");
    var fieldset = root.querySelector("#cb-cost-options");
    var output = root.querySelector("#cb-cost-total");
    var breakdown = root.querySelector("#cb-cost-breakdown");
    var note = root.querySelector("#cb-cost-note");
    var range = root.querySelector("#cb-cost-range");
    if (!data || !select || !sessions || !fieldset || !output || root.dataset.ready) {
      return;
    }
    var protocols = JSON.parse(data.textContent);
    var words = texts(root);

    function current() {
      return protocols.filter(function (p) { return p.id === select.value; })[0] || protocols[0];
    }

    function update() {
      var protocol = current();
      var count = clampSessions(sessions.value, protocol.sessions);
      var chosen = Array.prototype.slice
        .call(fieldset.querySelectorAll("input:checked"))
        .map(function (box) { return box.value; });
      var amount = total(protocol, count, chosen);
      output.textContent = formatMoney(amount, protocol.currency);
      output.dataset.total = String(amount);
      output.dataset.currency = protocol.currency;
      note.textContent = String(count) === sessions.value.trim() ? "" : filled(words.note, {
        min: protocol.sessions.min, max: protocol.sessions.max, count: count,
      });
      var options = filled(chosen.length === 1 ? words.one : words.many, { n: chosen.length });
      breakdown.textContent = filled(words.breakdown, {
        base: formatMoney(protocol.base, protocol.currency),
        count: count,
        per_session: formatMoney(protocol.perSession, protocol.currency),
      }) + (chosen.length ? " + " + options : "");
    }

    function choose() {
      var protocol = current();
      sessions.min = protocol.sessions.min;
      sessions.max = protocol.sessions.max;
      sessions.value = clampSessions(sessions.value, protocol.sessions);
      range.textContent = filled(words.range, {
        min: protocol.sessions.min, max: protocol.sessions.max,
      });
      optionBoxes(fieldset, protocol);
      update();
    }

    select.addEventListener("change", choose);
    sessions.addEventListener("input", update);
    sessions.addEventListener("change", function () {
      sessions.value = clampSessions(sessions.value, current().sessions);
      update();
    });
    fieldset.addEventListener("change", update);
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
    });
    choose();
    root.dataset.ready = "true";
    root.hidden = false;
  }

  function start() {
    var root = document.getElementById("cb-estimator");
    if (root) {
      setUp(root);
    }
  }

  // Material's instant navigation swaps pages without a reload and announces each via document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
