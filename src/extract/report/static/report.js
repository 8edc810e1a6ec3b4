// extract review report: event selection on article pages. No network, no dependencies.
(function () {
  "use strict";
  var data = document.getElementById("events-data");
  if (!data) { return; }
  var events = JSON.parse(data.textContent);
  var detail = document.getElementById("event-detail");

  function byAttr(name, value) {
    var found = [];
    var nodes = document.querySelectorAll("[" + name + "]");
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].getAttribute(name) === value) { found.push(nodes[i]); }
    }
    return found;
  }

  function clearMarks() {
    var marked = document.querySelectorAll(".selected, .arg, .focus");
    for (var i = 0; i < marked.length; i++) { marked[i].classList.remove("selected", "arg", "focus"); }
  }

  function cell(parent, tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function row(table, name, value) {
    var tr = document.createElement("tr");
    cell(tr, "th", name);
    cell(tr, "td", value);
    table.appendChild(tr);
  }

  function focusMention(id) {
    var targets = byAttr("data-mention-id", id);
    if (!targets.length) { return; }
    var old = document.querySelectorAll(".focus");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("focus"); }
    targets[0].classList.add("focus");
    targets[0].scrollIntoView({ block: "center" });
  }

  function select(id, scroll) {
    var event = events[id];
    if (!event) { return; }
    clearMarks();
    var triggers = byAttr("data-event-id", id).concat(byAttr("data-select-event", id));
    for (var i = 0; i < triggers.length; i++) { triggers[i].classList.add("selected"); }
    detail.textContent = "";
    var table = document.createElement("table");
    table.id = "event-fields";
    row(table, "type", event.type);
    row(table, "modality", event.modality || "asserted");
    var date = event.date_value || "–";
    if (event.date_start) { date = event.date_start + (event.date_end && event.date_end !== event.date_start ? " … " + event.date_end : ""); }
    row(table, "date", date + (event.date_source ? " (" + event.date_source + ")" : ""));
    row(table, "trigger", event.trigger_text || "");
    row(table, "sentence", String(event.sentence_id));
    row(table, "source", (event.source || "") + (event.confidence != null ? " · " + event.confidence : ""));
    if (event.gold) { row(table, "gold", event.gold === "tp" ? "true positive" : "false positive"); }
    row(table, "id", id);
    detail.appendChild(table);
    cell(detail, "h3", "Arguments (" + event.arguments.length + ")");
    var list = document.createElement("ul");
    list.id = "event-arguments";
    event.arguments.forEach(function (argument) {
      var li = document.createElement("li");
      cell(li, "b", argument.role + " ");
      var link = document.createElement("a");
      link.href = "#" + encodeURIComponent(argument.mention_id).replace(/%3A/g, ":");
      link.className = "arg-link";
      link.setAttribute("data-target-mention", argument.mention_id);
      link.textContent = argument.label + " " + argument.text + (argument.value != null && argument.value !== argument.text ? " → " + argument.value : "");
      link.addEventListener("click", function (e) { e.preventDefault(); focusMention(argument.mention_id); });
      li.appendChild(link);
      list.appendChild(li);
      byAttr("data-mention-id", argument.mention_id).forEach(function (node) { node.classList.add("arg"); });
    });
    detail.appendChild(list);
    if (scroll && triggers.length) { triggers[0].scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("click", function (e) {
    var node = e.target.closest ? e.target.closest("[data-event-id], [data-select-event]") : null;
    if (!node) { return; }
    var id = node.getAttribute("data-event-id") || node.getAttribute("data-select-event");
    select(id, node.hasAttribute("data-select-event"));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.hasAttribute && e.target.hasAttribute("data-event-id")) {
      select(e.target.getAttribute("data-event-id"), false);
    }
  });
  var hash = "";
  try { hash = decodeURIComponent(window.location.hash.slice(1)); } catch (ignored) { hash = ""; }
  if (hash && events[hash]) { select(hash, true); }
})();
