// How many visit photos, and how large, a form may carry. Shared by the server, which refuses
// more, and the visit page, which says so before a slow connection spends minutes uploading.

// A phone camera's picture is 3–8 MB; the server reduces it to about 200–400 KB.
export const maxVisitPhotoBytes = 12 * 1024 * 1024;
export const maxVisitPhotos = 6;
