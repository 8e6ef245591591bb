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

/** Horizontal bars of scores against their maximum (MQA dimensions, criteria), as SVG. */
export function scoreBarsSvg(items: { label: string; value: number; max: number }[], options: { width?: number; label: string }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: options.width ?? 480, height: 28 * items.length + 16 });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: options.label } },
      grid: { left: 150, right: 80, top: 4, bottom: 4 },
      xAxis: { type: 'value', max: 100, show: false },
      yAxis: { type: 'category', inverse: true, data: items.map((i) => i.label), axisTick: { show: false }, axisLine: { show: false }, axisLabel: { color: '#1b1b1b', fontSize: 12 } },
      series: [
        { type: 'bar', stack: 's', data: items.map((i) => Math.round((100 * i.value) / i.max)), itemStyle: { color: '#1f5fa8' }, barWidth: 14,
          label: { show: true, position: 'right', color: '#1b1b1b', formatter: (p: { dataIndex: number }) => `${items[p.dataIndex]!.value}/${items[p.dataIndex]!.max}` } },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Lines over time (quality history): one series per measure, dates on the x axis, as SVG. */
export function historySvg(points: { at: string }[], series: { name: string; values: number[]; max: number; color: string }[], options: { width?: number; height?: number; label: string }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: options.width ?? 560, height: options.height ?? 200 });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: options.label } },
      legend: { top: 0, textStyle: { color: '#1b1b1b' } },
      grid: { left: 40, right: 16, top: 28, bottom: 28 },
      xAxis: { type: 'category', data: points.map((p) => p.at), axisLabel: { color: '#1b1b1b', fontSize: 11 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#1b1b1b', formatter: '{value}%' } },
      series: series.map((s) => ({ type: 'line', name: s.name, step: 'end', data: s.values.map((v) => Math.round((100 * v) / s.max)), itemStyle: { color: s.color }, lineStyle: { color: s.color, width: 2 }, symbolSize: 6 })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
