import { chromium } from 'playwright-core';
const [file, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto('file://' + file);
await page.screenshot({ path: `${out}-a.png`, clip: { x: 0, y: 0, width: 390, height: 1400 } });
await page.screenshot({ path: `${out}-b.png`, clip: { x: 0, y: 2900, width: 390, height: 1400 }, fullPage: true });
await browser.close();
