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

  function fillMeta(article, address, now) {
    var block = metaBlock(article);
    var time = document.createElement("time");
    time.dateTime = isoDate(now);
    time.textContent = readableDate(now);
    block.textContent = "";
    block.append("Printed from ", address, " on ", time, ".");
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
    fillMeta(article, address, now);
    markLinks(article, address);
    var root = document.documentElement.style;
    root.setProperty("--cb-print-clinic", cssString(clinicName()));
    root.setProperty("--cb-print-address", cssString(address));
    root.setProperty("--cb-print-date", cssString("Printed " + readableDate(now)));
  }

  window.addEventListener("beforeprint", prepare);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();
