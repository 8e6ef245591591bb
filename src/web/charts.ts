import * as echarts from 'echarts';

/** A histogram drawn by ECharts on the server as SVG: no script reaches the browser. */
export function histogramSvg(bins: { from: string | number; to: string | number; count: number }[], options: { width?: number; height?: number; label: string }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: options.width ?? 260, height: options.height ?? 90 });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: options.label } },
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: 'category', show: false, data: bins.map((b) => `${b.from}–${b.to}`) },
      yAxis: { type: 'value', show: false },
      series: [{ type: 'bar', data: bins.map((b) => b.count), itemStyle: { color: '#1f5fa8' }, barCategoryGap: '8%' }],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
