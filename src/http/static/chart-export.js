// A chart's PNG, drawn from the SVG already in the page: no second request, nothing leaves the browser.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-png]');
  if (!link) return;
  event.preventDefault();
  const svg = document.querySelector(`#${CSS.escape(link.dataset.png)} svg`);
  if (!svg) return;
  const { width, height } = svg.viewBox.baseVal;
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const a = document.createElement('a');
    a.href = canvas.toDataURL('image/png');
    a.download = link.getAttribute('download') || 'chart.png';
    a.click();
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
});
