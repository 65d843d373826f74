// Keeps a certificate delivery run's counts current: every 2 s the page's JSON endpoint gives them, and each
// [data-count] and the progress bar take the new value. Once nothing remains the page reloads, to list what
// failed. Without JavaScript the page's Refresh link does the same by hand.
const panel = document.querySelector("[data-progress-url]");
if (panel && panel.dataset.finished !== "true") {
  const bar = panel.querySelector("progress");
  const timer = window.setInterval(async () => {
    let progress;
    try {
      const response = await fetch(panel.dataset.progressUrl, {headers: {Accept: "application/json"}});
      if (!response.ok) return;
      progress = await response.json();
    } catch {
      return; // the network hiccuped: the next tick asks again
    }
    for (const [name, shown] of Object.entries(progress.shown)) {
      const cell = panel.querySelector(`[data-count="${name}"]`);
      if (cell) cell.textContent = shown;
    }
    bar.max = progress.counts.total;
    bar.value = progress.counts.total - progress.counts.remaining;
    if (progress.finished) {
      window.clearInterval(timer);
      window.location.reload();
    }
  }, 2000);
}
