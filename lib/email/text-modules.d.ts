// Templates are bundled as strings (esbuild's text loader; a Jest transform in tests), so no file is
// read at cold start.
declare module '*.html' {
  const content: string;
  export default content;
}
declare module '*.txt' {
  const content: string;
  export default content;
}
