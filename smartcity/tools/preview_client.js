// The preview's reload client: each page knows the build it shows (data-build, set by the
// preview server as it serves the page) and says it when it connects; a page older than the
// last build reloads at once, so a save that lands while a page is loading is never missed.
(() => {
  const build = Number(document.currentScript.dataset.build);
  const address = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/_pratinjau/soket`;
  function connect() {
    const socket = new WebSocket(address);
    socket.onopen = () => socket.send(JSON.stringify({ build }));
    socket.onmessage = (event) => {
      if (JSON.parse(event.data).reload) location.reload();
    };
    socket.onclose = () => setTimeout(connect, 1000);
  }
  connect();
})();
