/** The config's file name, apart from config.ts so that modules config.ts reads options with can name it too. */
export const CONFIG_FILE = '_config.yml';
