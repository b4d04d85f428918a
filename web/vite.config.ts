import fs from 'node:fs';
import path from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { FFMPEG_CORE_FILES, ffmpegCoreDir } from './scripts/copy-ffmpeg-core.js';

// `npm run dev -w web` serves the pages with hot reload and sends /api to a running `npm start`.
const api = process.env.COLLOQUY_API ?? 'http://localhost:3000';

/**
 * In dev, /ffmpeg/ffmpeg-core.{js,wasm} come straight from node_modules; `npm run build` copies
 * them into build/ffmpeg/ (scripts/copy-ffmpeg-core.js). Trimming a take loads them on demand.
 */
function ffmpegCoreInDev(): Plugin {
  return {
    name: 'colloquy:ffmpeg-core-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/ffmpeg', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0].replace(/^\//, '');
        if (!FFMPEG_CORE_FILES.includes(name)) return next();
        res.setHeader('content-type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        fs.createReadStream(path.join(ffmpegCoreDir(), name)).pipe(res);
      });
    },
  };
}

export default defineConfig({
  plugins: [tailwindcss(), sveltekit(), ffmpegCoreInDev()],
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  // ffmpeg.wasm starts its own module worker (new URL('./worker.js', import.meta.url)), which
  // pre-bundling would break; the worker imports the core at run time.
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    reportCompressedSize: false,
    // SvelteKit's own plugin dominates build time; the timing warning says nothing we can act on.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
