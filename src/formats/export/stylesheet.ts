/*
 * The one stylesheet of the HTML download (inlined) and the EPUB (style.css).
 * Plain CSS 2 that e-readers understand; it also restores the look of the
 * obsolete elements the XHTML conversion renames (center, big, tt …).
 */
export const STYLESHEET = `body { font-family: serif; line-height: 1.5; margin: 0 auto; max-width: 40em; padding: 0 1em; }
h1, h2 { font-weight: bold; line-height: 1.2; }
#preface .message, #afterword .message { font-size: 0.9em; }
.meta dl.tags { margin: 1em 0; }
.meta dl.tags dt { font-weight: bold; }
.meta dl.tags dd { margin: 0 0 0.5em 1.5em; }
.byline { font-style: italic; margin-bottom: 1em; }
blockquote.userstuff { margin: 0.5em 1.5em 1em; }
.meta.group { margin: 2em 0 1em; }
.userstuff p { margin: 0 0 1em; }
.userstuff table { border-collapse: collapse; }
.userstuff table.bordered td, .userstuff table.bordered th { border: 1px solid; padding: 0.2em 0.4em; }
.center, .align-center { text-align: center; }
.align-left { text-align: left; }
.align-right { text-align: right; }
.align-justify { text-align: justify; }
.big { font-size: larger; }
.tt { font-family: monospace; }
.image-alt { font-style: italic; }
span.hr { border-top: 1px solid; display: block; margin: 0.5em 0; }
/* Blocks that sat where only inline content is allowed became spans named for them. */
span.address, span.blockquote, span.center, span.details, span.div, span.dl, span.figure, span.li,
span.ol, span.p, span.pre, span.table, span.tr, span.ul { display: block; }
`;
