import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts/core';

/**
 * What every printed document the core builds (forms, printouts, PDF reports) shares: escaping, so
 * names and labels (the study's and translators' words) can never become markup, and charts drawn
 * as SVG on the server. Each document registers the ECharts parts its charts use.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A chart as an SVG string (ECharts server-side rendering, no DOM). */
/** Escaped text with the toolkit's underlining (<u>…</u>, the item bank's only markup) kept as markup. */
export function escapeWithUnderline(value: string): string {
  return escapeHtml(value).replace(/&lt;(\/?)u&gt;/g, '<$1u>');
}

export function chartSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
