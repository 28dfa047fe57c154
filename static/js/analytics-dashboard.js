// Charts of the analytics dashboard (Chart.js): data from the json_script "chart-data", series
// labels from the data-label-* attributes of the canvases.
(function () {
  var source = document.getElementById("chart-data");
  var months = document.getElementById("chart-months");
  var products = document.getElementById("chart-products");
  if (!source || !months || !products || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  // A fresh options object per chart: Chart.js fills the object it is given with resolved scales.
  var common = function () {
    return {responsive: true, maintainAspectRatio: false, plugins: {legend: {position: "bottom"}}};
  };
  new Chart(months, {type: "bar", data: {labels: data.months, datasets: [
    {label: months.dataset.labelPlan, data: data.plan, backgroundColor: "rgba(108,117,125,.45)"},
    {label: months.dataset.labelFact, data: data.fact, backgroundColor: "rgba(13,110,253,.8)"}]},
    options: common()});
  new Chart(products, {type: "bar", data: {labels: data.products, datasets: [
    {label: products.dataset.label, data: data.cost, backgroundColor: "rgba(25,135,84,.75)"}]},
    options: Object.assign(common(), {indexAxis: "y", plugins: {legend: {display: false}}})});
})();
