/*
 * Casebook print: what a sheet of paper cannot know by itself. Plain JavaScript, no framework,
 * no request to anyone.
 *
 * A printed case is taken to one's own doctor, so it must say where it came from. Before the
 * page is printed this script
 *   - adds a print-only line under the clinic's name: the page's address and today's date;
 *   - sets --cb-print-clinic, --cb-print-address and --cb-print-date on <html>, which the
 *     @page footer of casebook-print.css shows on every sheet (where margin boxes exist);
 *   - writes each content link's full address into data-cb-print-href, so relative links print
 *     as addresses a reader can type, and in-page anchors print nothing.
 * Every text is set with textContent or as a CSS string, never as HTML.
 *
 * It runs on load too, not only on `beforeprint`: a browser that prints without firing the
 * event still gets the address and a date (that of loading, which is today in practice).
 */
(function () {
  "use strict";

  var META_CLASS = "cb-print-meta";
  // The words printed, in the page's language: theme/main.html writes them into the
  // data-cb-print attribute of an empty element; English where it is missing.
  var TEXTS = {
    from: "Printed from {address} on {date}.",
    printed: "Printed {date}",
    page: "Page {page} of {pages}",
  };

  function texts() {
    var holder = document.querySelector("[data-cb-print]");
    var given = {};
    try {
      given = JSON.parse(holder ? holder.getAttribute("data-cb-print") : "{}") || {};
    } catch (error) {
      given = {};
    }
    var found = {};
    for (var key in TEXTS) {
      found[key] = typeof given[key] === "string" ? given[key] : TEXTS[key];
    }
    return found;
  }

  // A text's parts around its {placeholders}, each placeholder replaced by values[name].
  function filled(text, values) {
    return text.split(/(\{[a-z]+\})/).map(function (part) {
      var name = part.slice(1, -1);
      return part.charAt(0) === "{" && name in values ? values[name] : part;
    });
  }

  // The clinic is the site's name: Material's header shows it first; its logo carries it too.
  function clinicName() {
    var topic = document.querySelector(".md-header__topic:first-child .md-ellipsis");
    var name = topic ? topic.textContent.trim() : "";
    if (!name) {
      var logo = document.querySelector(".md-header .md-logo, .md-nav__button.md-logo");
      name = logo ? (logo.getAttribute("aria-label") || "").trim() : "";
    }
    return name;
  }

  // The address without the fragment: a sheet names the page, not where one had scrolled to.
  function pageAddress() {
    return location.href.split("#")[0];
  }

  function isoDate(date) {
    function pad(value) {
      return (value < 10 ? "0" : "") + value;
    }
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  // A date nobody misreads: the month in words, in the page's language (18 November 2026 or
  // November 18, 2026), rather than 11/18 or 18/11. ISO if Intl cannot do it.
  function readableDate(date) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
        year: "numeric",
        month: "long",
        day: "numeric",
      }).format(date);
    } catch (error) {
      return isoDate(date);
    }
  }

  // A CSS string token for a custom property: quotes, backslashes and line breaks escaped.
  function cssString(text) {
    return '"' + String(text).replace(/[\\"]/g, "\\$&").replace(/[\r\n\f]/g, " ") + '"';
  }

  function metaBlock(article) {
    var block = article.querySelector(":scope > ." + META_CLASS);
    if (block) {
      return block;
    }
    block = document.createElement("p");
    block.className = META_CLASS;
    // Hidden on screen by the attribute itself, so it stays hidden even without the stylesheet;
    // casebook-print.css shows it on paper.
    block.hidden = true;
    article.insertBefore(block, article.firstChild);
    return block;
  }

  function fillMeta(article, address, now, words) {
    var block = metaBlock(article);
    var time = document.createElement("time");
    time.dateTime = isoDate(now);
    time.textContent = readableDate(now);
    block.textContent = "";
    block.append.apply(block, filled(words.from, { address: address, date: time }));
  }

  // The footer's "Page 1 of 3": the words around the two counters, for casebook-print.css.
  function setPageWords(root, words) {
    var parts = words.page.split(/\{page\}|\{pages\}/);
    if (parts.length !== 3 || words.page.indexOf("{page}") > words.page.indexOf("{pages}")) {
      return; // a translation that reorders the counters keeps the stylesheet's English
    }
    root.setProperty("--cb-print-page-before", cssString(parts[0]));
    root.setProperty("--cb-print-page-middle", cssString(parts[1]));
    root.setProperty("--cb-print-page-after", cssString(parts[2]));
  }

  // Links in the content: the full address to print, or "" for none (the CSS then prints
  // nothing, overriding its own fallback for external links).
  function markLinks(article, address) {
    var links = article.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var target = link.href;
      var sameDocument = target.split("#")[0] === address;
      var text = link.textContent.trim();
      var showsItself = text === target || text === link.getAttribute("href");
      var printable = /^(https?|mailto|tel):/.test(target);
      var skip = sameDocument || showsItself || !printable || link.querySelector("img, svg");
      link.setAttribute("data-cb-print-href", skip ? "" : target.replace(/^(mailto|tel):/, ""));
    }
  }

  function prepare() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) {
      return;
    }
    var address = pageAddress();
    var now = new Date();
    var words = texts();
    fillMeta(article, address, now, words);
    markLinks(article, address);
    var root = document.documentElement.style;
    root.setProperty("--cb-print-clinic", cssString(clinicName()));
    root.setProperty("--cb-print-address", cssString(address));
    var printed = filled(words.printed, { date: readableDate(now) }).join("");
    root.setProperty("--cb-print-date", cssString(printed));
    setPageWords(root, words);
  }

  window.addEventListener("beforeprint", prepare);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();
