export { defineConfig, type AppConfig, type WrenConfig } from './define-config.js';
export { loadConfig, resolveConfig, findConfigFile, CONFIG_FILES, type ProjectConfig, type ResolvedApp } from './load.js';
