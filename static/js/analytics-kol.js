// The ratings chart of the analytics KOL page (Chart.js); data from the json_script "chart-data".
(function () {
  var el = document.getElementById("chart-ratings");
  var source = document.getElementById("chart-data");
  if (!el || !source || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  new Chart(el, {type: "line", data: {labels: data.months, datasets: [
    {label: el.dataset.label, data: data.scores, borderColor: "rgb(13,110,253)", tension: .2}]},
    options: {responsive: true, maintainAspectRatio: false, scales: {y: {min: 1, max: 5}}}});
})();
