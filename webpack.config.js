/**
 * The Excel add-in bundle (dist/): one page, taskpane.html, hosting the task pane and the custom
 * functions (a shared runtime), functions.json generated from the JSDoc of
 * src/functions/functions.ts, the icons and manifest.xml.
 *
 *   npm run build:addin       production: minified, office.js from the Office CDN
 *   npm run build:addin:dev   development: source maps, office.js copied from node_modules
 *
 * The repository's tsconfig targets Node (CommonJS) for tsc; here ts-loader only transpiles
 * (type checking is `tsc -p .`'s job), to ES modules so webpack can tree-shake.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');
// webpack's own default minimizer (a dependency of webpack, so resolved from there).
const MinimizerPlugin = require(require.resolve('minimizer-webpack-plugin', { paths: [path.dirname(require.resolve('webpack/package.json'))] }));

const ROOT = __dirname;
const DIST = path.join(ROOT, 'dist');
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_PACKAGE = path.join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');
/** Where the manifest's URLs point: the development server. */
const URL_DEV = 'https://localhost:3000/';
/** Set CLAUSEWISE_ADDIN_URL=https://your.host/path/ to rewrite the copied manifest's URLs in production builds. */
const URL_PROD = process.env.CLAUSEWISE_ADDIN_URL;

/**
 * The files office.js loads next to itself in Excel (host scripts, the custom functions runtime,
 * the en-US strings, telemetry stubs), copied with it in development builds so a sideloaded dev
 * build works without the CDN. Debug variants, other hosts and other locales are left out.
 */
const OFFICE_JS_FILES = [
  'office.js',
  'custom-functions-runtime.js',
  'o15apptofilemappingtable.js',
  'es6-promise.js',
  'excel-*.js',
  'excelwebapp-*.js',
  'en-us/**',
  'telemetry/**',
  'ariatelemetry/**',
];
const OFFICE_JS_EXCLUDED = ['**/*.debug.js', '**/*-vsdoc.js'];

/** Puts the office.js <script> first in <head>, unless the page template already loads office.js. */
class OfficeJsTagPlugin {
  constructor(src) {
    this.src = src;
  }

  apply(compiler) {
    compiler.hooks.compilation.tap('OfficeJsTagPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('OfficeJsTagPlugin', (data) => {
        const template = fs.readFileSync(data.plugin.options.template.replace(/^.*!/, ''), 'utf8');
        if (/<script[^>]+office(\.debug)?\.js/i.test(template)) return data;
        data.headTags.unshift(HtmlWebpackPlugin.createHtmlTagObject('script', { src: this.src }));
        return data;
      });
    });
  }
}

module.exports = (env, argv) => {
  const dev = argv.mode !== 'production';
  const manifestUrl = !dev && URL_PROD ? (URL_PROD.endsWith('/') ? URL_PROD : `${URL_PROD}/`) : URL_DEV;

  return {
    mode: dev ? 'development' : 'production',
    context: ROOT,
    devtool: dev ? 'source-map' : false,
    // The functions chunk carries the webpack runtime and the shared code (core, bundled
    // rulebook): it works alone (manifest <Script>), and taskpane.js reuses its modules.
    entry: {
      functions: './src/functions/functions.ts',
      taskpane: { import: './taskpane/index.ts', dependOn: 'functions' },
    },
    output: {
      path: DIST,
      filename: '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js', '.json'],
      // No Node polyfills or fallbacks: src/core, src/io/xlsx.ts and src/app use no Node API, and
      // exceljs resolves to its browser build (its "browser" field). A Node import in page code
      // (node:fs…) fails the build, as it should, rather than becoming an empty module.
    },
    experiments: {
      // `import './taskpane.css'` without css-loader: webpack emits taskpane.css and the page links it.
      css: true,
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.join(ROOT, 'tsconfig.json'),
              compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: false, sourceMap: dev },
            },
          },
        },
        {
          // The bundled rulebook: require.context over rules/ gives each file's text.
          test: /[\\/]rules[\\/].*\.json$/,
          include: path.join(ROOT, 'rules'),
          type: 'asset/source',
        },
        {
          test: /\.(png|jpe?g|gif|svg|ico)$/,
          type: 'asset/resource',
          generator: { filename: 'assets/[name][ext]' },
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: 'functions.json',
        input: './src/functions/functions.ts',
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './taskpane/taskpane.html',
        chunks: ['functions', 'taskpane'],
        chunksSortMode: 'manual',
        scriptLoading: 'defer',
      }),
      new OfficeJsTagPlugin(dev ? 'office.js' : OFFICE_JS_CDN),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          // Task pane (standalone page): "Open the sample" fetches samples/us-japan-2025.xlsx from dist/.
          { from: 'samples/us-japan-2025.xlsx', to: 'samples/[name][ext]' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            // Production builds with CLAUSEWISE_ADDIN_URL: every dev URL (and the dev origin in AppDomains) moved there.
            transform: (content) => (manifestUrl === URL_DEV ? content : content.toString()
              .split(URL_DEV).join(manifestUrl)
              .split(new URL(URL_DEV).origin).join(new URL(manifestUrl).origin)),
          },
          ...(dev
            ? OFFICE_JS_FILES.map((pattern) => ({
              from: pattern,
              context: OFFICE_JS_PACKAGE,
              to: '[path][name][ext]',
              globOptions: { ignore: OFFICE_JS_EXCLUDED },
              info: { minimized: true },
            }))
            : []),
        ],
      }),
    ],
    optimization: {
      // exceljs ships minified (its "browser" build): keep it in its own chunk, exceljs.js, and
      // do not minify it again — that alone took most of a production build's time.
      splitChunks: {
        cacheGroups: {
          exceljs: { test: /[\\/]node_modules[\\/]exceljs[\\/]/, name: 'exceljs', chunks: 'all', enforce: true },
        },
      },
      minimizer: [new MinimizerPlugin({ exclude: /^exceljs\.js$/ })],
    },
    performance: { hints: false },
    stats: 'errors-warnings',
  };
};
