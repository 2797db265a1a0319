import bwipjs from 'bwip-js/node';

/**
 * Code 128 of a participant ID as an SVG element, drawn by bwip-js (a port of the reference
 * Barcode Writer in Pure PostScript): an all-digit ID is encoded in Code 128's compact number set,
 * so an 8-digit ID stays short enough for a page header and any USB scanner reads it as typed.
 */
export function barcodeSvg(id: string): string {
  return bwipjs.toSVG({ bcid: 'code128', text: id, height: 9, scale: 2, includetext: false, paddingwidth: 8 });
}
