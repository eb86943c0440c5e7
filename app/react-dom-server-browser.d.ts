// react-dom ships "react-dom/server.browser" (the Web Streams renderer) without its own typings;
// its API is the one @types/react-dom declares on "react-dom/server".
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
