// Bar charts of the answer distributions on the feedback analysis page (Chart.js).
(function () {
  var data = document.getElementById("feedback-charts");
  if (!data || !window.Chart) return;
  JSON.parse(data.textContent).forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: [{ data: chart.values, backgroundColor: "#0d6efd", borderRadius: 4 }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
})();
