export default defineBackground(() => {
  console.log('ShareLedger background');
});
