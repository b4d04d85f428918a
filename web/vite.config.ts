import tailwindcss from '@tailwindcss/vite';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev -w web` serves the pages with hot reload and sends /api to a running `npm start`.
const api = process.env.COLLOQUY_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit()],
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  build: {
    target: 'es2022',
    reportCompressedSize: false,
    // SvelteKit's own plugin dominates build time; the timing warning says nothing we can act on.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
