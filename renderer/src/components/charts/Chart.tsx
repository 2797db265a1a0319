import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsOption } from 'echarts';
import { LegacyGridContainLabel } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useErrorText } from '../../i18n';
import { bytesToBase64 } from '../base64';

// The builders keep labels inside the grid with containLabel, which ECharts 6 moved to this feature.
echarts.use([BarChart, FunnelChart, LineChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, LegacyGridContainLabel, SVGRenderer]);

interface Props {
  option: EChartsOption;
  /** Accessible name of the chart and the base of exported file names. */
  title: string;
  fileName: string;
  height?: number;
}

const WIDTH = 900;

/** Renders the option as SVG (no canvas, nothing inline that the CSP would block) and never animates. */
function renderSvg(option: EChartsOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/**
 * Turns ECharts' SVG text into DOM without breaking the CSP: style attributes in parsed markup
 * count as inline styles and are refused, so they are moved to each element's CSSOM style, which
 * the policy allows. The markup comes from ECharts fed with our numbers and translated labels.
 */
function svgElement(svg: string): Element {
  // Renamed before parsing: a parser that sees style="…" already applies it and the CSP refuses it.
  const markup = svg.replace(/<style[\s\S]*?<\/style>/g, '').replace(/\sstyle="/g, ' data-inline-style="');
  const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
  parsed.querySelectorAll('script, foreignObject').forEach((element) => element.remove());
  const element = document.importNode(parsed.documentElement, true);
  element.querySelectorAll<SVGElement>('[data-inline-style]').forEach((node) => {
    node.style.cssText = node.getAttribute('data-inline-style') ?? '';
    node.removeAttribute('data-inline-style');
  });
  return element;
}


/** PNG from the SVG at twice the size: drawn into a canvas through a blob: image (allowed by the CSP). */
async function svgToPng(svg: string, height: number): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = WIDTH * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((result) => (result ? resolve(result) : reject(new Error('PNG'))), 'image/png'));
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A chart with "Save as SVG" and "Save as PNG". */
export function Chart({ option, title, fileName, height = 320 }: Props) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // A refusal (a file of that name exists: Mixwise never replaces one) is shown, not swallowed.
  const [failed, setFailed] = useState<string | null>(null);
  const errorText = useErrorText();
  const svg = renderSvg(option, height);

  useEffect(() => {
    if (host.current) host.current.replaceChildren(svgElement(svg));
  }, [svg]);

  async function save(format: 'svg' | 'png') {
    const bytes = format === 'svg' ? new TextEncoder().encode(svg) : await svgToPng(svg, height);
    const result = await call('file.save', { suggestedName: `${fileName}.${format}`, format, base64: bytesToBase64(bytes) });
    setSaved(result.ok && result.value.path ? t('charts.saved', { path: result.value.path }) : null);
    setFailed(result.ok ? null : errorText(result.error));
  }

  return (
    <figure className="chart">
      <div ref={host} role="img" aria-label={title} className="chart-canvas" />
      <figcaption>
        <span>{title}</span>
        <button type="button" className="small" onClick={() => void save('svg')}>
          {t('charts.saveSvg')}
        </button>
        <button type="button" className="small" onClick={() => void save('png')}>
          {t('charts.savePng')}
        </button>
        {saved && <span className="muted" role="status">{saved}</span>}
        {failed && <span className="field-error" role="alert">{failed}</span>}
      </figcaption>
    </figure>
  );
}
