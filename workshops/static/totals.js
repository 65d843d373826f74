// The objective list follows the chosen project: only that project's objectives are offered.
(function () {
  "use strict";
  var project = document.getElementById("project");
  var objective = document.getElementById("objective");
  if (!project || !objective) { return; }
  function follow() {
    var chosen = project.value;
    Array.prototype.forEach.call(objective.options, function (option) {
      var owner = option.getAttribute("data-project");
      var hidden = Boolean(chosen && owner && owner !== chosen);
      option.hidden = hidden;
      option.disabled = hidden;
      if (hidden && option.selected) { objective.value = ""; }
    });
  }
  project.addEventListener("change", follow);
  follow();
}());
