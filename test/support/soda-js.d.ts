// soda-js ships no types; the test uses it only as a black-box client.
declare module 'soda-js';
