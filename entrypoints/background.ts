export default defineBackground(() => {
  console.log('bg', browser.runtime.id);
});
